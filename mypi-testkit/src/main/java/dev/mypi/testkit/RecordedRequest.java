package dev.mypi.testkit;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request a {@link MockIndexServer} received, recorded when its response was sent (or the
 * connection closed). Immutable.
 *
 * <pre>{@code
 * RecordedRequest r = server.takeRequest();
 * assertThat(r.method()).isEqualTo("GET");
 * assertThat(r.path()).isEqualTo("/simple/foo/");
 * assertThat(r.header("Accept")).hasValueSatisfying(a -> assertThat(a).contains("application/vnd.pypi.simple.v1+json"));
 * assertThat(r.status()).isEqualTo(200);
 * }</pre>
 */
public final class RecordedRequest {
  private final int sequenceNumber;
  private final String method;
  private final String path;
  private final @Nullable String query;
  private final ImmutableListMultimap<String, String> headers;
  private final long bodySize;
  private final Instant receivedAt;
  private final int status;
  private final boolean faulted;
  private final @Nullable RecordedUpload upload;

  RecordedRequest(
      int sequenceNumber,
      String method,
      String path,
      @Nullable String query,
      ImmutableListMultimap<String, String> headers,
      long bodySize,
      Instant receivedAt,
      int status,
      boolean faulted,
      @Nullable RecordedUpload upload) {
    this.sequenceNumber = sequenceNumber;
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.bodySize = bodySize;
    this.receivedAt = receivedAt;
    this.status = status;
    this.faulted = faulted;
    this.upload = upload;
  }

  /** Returns the position of this request among all the server received, from 0 in arrival order. */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  /** Returns the method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** Returns the path as sent (still percent-encoded), without the query, e.g. {@code /simple/foo/}. */
  public String path() {
    return path;
  }

  /** Returns the query string as sent, without {@code ?}, or empty when there was none. */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** Returns every header in the order sent; names in lower case. */
  public ImmutableListMultimap<String, String> headers() {
    return headers;
  }

  /** Returns the first value of header {@code name} (any case), or empty when it was not sent. */
  public Optional<String> header(String name) {
    ImmutableList<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Returns how many bytes of request body the server read. */
  public long bodySize() {
    return bodySize;
  }

  /** Returns when the request arrived. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** Returns the status of the response, or 0 when the connection was closed without one. */
  public int status() {
    return status;
  }

  /** Returns whether an injected {@link Fault} affected this request. */
  public boolean faulted() {
    return faulted;
  }

  /** Returns the upload this request carried (a {@code POST} of a legacy upload form), if any. */
  public Optional<RecordedUpload> upload() {
    return Optional.ofNullable(upload);
  }

  /** Returns e.g. {@code GET /simple/foo/ -> 503 (fault)}. */
  @Override
  public String toString() {
    return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status + (faulted ? " (fault)" : "");
  }
}
