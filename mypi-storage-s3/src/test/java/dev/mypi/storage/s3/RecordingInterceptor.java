package dev.mypi.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Records every request a client sends (operation, content length, SHA-256 checksum header) and can
 * lose the response of the next {@code PutObject}: the request reaches the server, the caller sees
 * a client error, as after a timeout or a reset connection.
 */
final class RecordingInterceptor implements ExecutionInterceptor {
  /** One request as sent. */
  record Sent(String operation, long contentLength, Optional<String> checksumSha256) {}

  private final List<Sent> sent = new ArrayList<>();
  private final AtomicInteger responsesToLose = new AtomicInteger();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    long length = context.httpRequest().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L);
    if (request instanceof UploadPartRequest part && part.contentLength() != null) {
      length = part.contentLength();
    } else if (request instanceof PutObjectRequest put && put.contentLength() != null) {
      length = put.contentLength();
    }
    synchronized (sent) {
      sent.add(new Sent(request.getClass().getSimpleName().replace("Request", ""), length, context.httpRequest().firstMatchingHeader("x-amz-checksum-sha256")));
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutObjectRequest && responsesToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw SdkClientException.create("the test lost this response");
    }
  }

  /** Makes the next {@code n} {@code PutObject} responses fail on the client after the server handled them. */
  void loseNextPutResponses(int n) {
    responsesToLose.set(n);
  }

  /** Returns the requests of {@code operation} (e.g. {@code UploadPart}) sent so far. */
  List<Sent> sent(String operation) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.operation().equals(operation)).toList();
    }
  }

  /** Returns every request sent so far. */
  List<Sent> all() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  void clear() {
    synchronized (sent) {
      sent.clear();
    }
  }
}
