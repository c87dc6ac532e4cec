package dev.mypi.testkit;

import com.google.common.collect.ImmutableListMultimap;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.MypiException;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.MetadataReader;
import dev.mypi.core.upload.Upload;
import dev.mypi.core.upload.UploadLimits;
import dev.mypi.core.upload.UploadParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty handler in front of the servlet: records every exchange and applies the {@link Fault}
 * that matches it (status, delay, dropped connection, body and range faults).
 */
final class MockHandler extends Handler.Wrapper {
  private static final long UPLOAD_RECORD_LIMIT = 64L << 20;
  private static final Pattern FILE_PATH = Pattern.compile("/files/([^/]+)/([^/]+)");
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final Faults faults;
  private final ProjectIndex index;
  private final Consumer<RecordedRequest> recorder;
  private final AtomicInteger sequence = new AtomicInteger();

  MockHandler(Handler next, Faults faults, ProjectIndex index, Consumer<RecordedRequest> recorder) {
    super(next);
    this.faults = faults;
    this.index = index;
    this.recorder = recorder;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    String decodedPath = request.getHttpURI().getDecodedPath();
    Fault fault = faults.forRequest(method, decodedPath == null ? "/" : decodedPath);
    Exchange exchange = new Exchange(sequence.getAndIncrement(), request, fault);
    ExchangeRequest req = new ExchangeRequest(request, exchange, fault, decodedPath);
    ExchangeResponse resp = new ExchangeResponse(req, response, exchange, fault, request.getComponents().getScheduler());
    Callback done =
        new Callback() {
          @Override
          public void succeeded() {
            exchange.complete(resp.sentStatus(true));
            callback.succeeded();
          }

          @Override
          public void failed(Throwable x) {
            exchange.complete(resp.sentStatus(false));
            callback.failed(x);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    if (fault != null && !fault.delay().isZero()) {
      request.getComponents().getScheduler().schedule(
          () -> request.getComponents().getExecutor().execute(() -> proceed(req, resp, done, fault)),
          fault.delay().toNanos(),
          TimeUnit.NANOSECONDS);
    } else {
      proceed(req, resp, done, fault);
    }
    return true;
  }

  private void proceed(ExchangeRequest req, ExchangeResponse resp, Callback callback, @Nullable Fault fault) {
    try {
      if (fault != null && fault.dropsConnection()) {
        // recorded before the connection closes: the client may send its next request at once,
        // and takeRequest() must see this one first
        resp.exchange.complete(0);
        resp.abort();
        callback.failed(new EofException("connection dropped by an injected fault"));
        return;
      }
      if (fault != null && fault.status() > 0) {
        Content.Source.consumeAll(req, Callback.from(() -> writeStatus(resp, fault, callback), callback::failed));
        return;
      }
      if (!super.handle(req, resp, callback)) {
        Response.writeError(req, resp, callback, 404);
      }
    } catch (Throwable t) {
      callback.failed(t);
    }
  }

  private static void writeStatus(ExchangeResponse resp, Fault fault, Callback callback) {
    int status = fault.status();
    resp.setStatus(status);
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Duration retryAfter = fault.retryAfter();
    if (retryAfter != null) {
      long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
      resp.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
    }
    byte[] body = ("Injected fault: " + status + "\n").getBytes(StandardCharsets.UTF_8);
    resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    resp.write(true, ByteBuffer.wrap(body), callback);
  }

  /** What is known about one request while it is served; recorded once, when the response ends. */
  private final class Exchange {
    private final int sequenceNumber;
    private final String method;
    private final String path;
    private final @Nullable String query;
    private final ImmutableListMultimap<String, String> headers;
    private final Instant receivedAt = Instant.now();
    private final boolean faulted;
    private final AtomicBoolean recorded = new AtomicBoolean();
    private final @Nullable String contentType;
    private final @Nullable ByteArrayOutputStream body;
    private volatile long bodySize;
    private volatile boolean bodyTooLarge;

    Exchange(int sequenceNumber, Request request, @Nullable Fault fault) {
      this.sequenceNumber = sequenceNumber;
      this.method = request.getMethod();
      String rawPath = request.getHttpURI().getPath();
      this.path = rawPath == null ? "/" : rawPath;
      this.query = request.getHttpURI().getQuery();
      ImmutableListMultimap.Builder<String, String> h = ImmutableListMultimap.builder();
      for (HttpField f : request.getHeaders()) {
        h.put(f.getName().toLowerCase(Locale.ROOT), f.getValue() == null ? "" : f.getValue());
      }
      this.headers = h.build();
      this.faulted = fault != null;
      this.contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      this.body = method.equals("POST") && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
          ? new ByteArrayOutputStream() : null;
    }

    void read(ByteBuffer chunk) {
      int n = chunk.remaining();
      bodySize += n;
      ByteArrayOutputStream b = body;
      if (b != null && !bodyTooLarge) {
        synchronized (b) {
          if (b.size() + n > UPLOAD_RECORD_LIMIT) {
            bodyTooLarge = true;
            b.reset();
          } else {
            ByteBuffer copy = chunk.slice();
            byte[] bytes = new byte[n];
            copy.get(bytes);
            b.writeBytes(bytes);
          }
        }
      }
    }

    void complete(int status) {
      if (!recorded.compareAndSet(false, true)) {
        return;
      }
      RecordedUpload upload = body != null && !bodyTooLarge ? parseUpload(status) : null;
      recorder.accept(new RecordedRequest(sequenceNumber, method, path, query, headers, bodySize, receivedAt, status, faulted, upload));
    }

    private @Nullable RecordedUpload parseUpload(int status) {
      byte[] bytes;
      ByteArrayOutputStream b = body;
      if (b == null) {
        return null;
      }
      synchronized (b) {
        bytes = b.toByteArray();
      }
      if (bytes.length == 0) {
        return null;
      }
      try {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        String[] filename = {""};
        Upload form =
            UploadParser.create(UploadLimits.defaults())
                .parse(contentType, new ByteArrayInputStream(bytes), (name, in) -> {
                  filename[0] = name;
                  in.transferTo(file);
                });
        if (form.content().isEmpty()) {
          return null;
        }
        byte[] content = file.toByteArray();
        return new RecordedUpload(form, filename[0], content, readMetadata(filename[0], content), status);
      } catch (IOException | MypiException e) {
        return null;
      }
    }
  }

  private static @Nullable CoreMetadata readMetadata(String filename, byte[] content) {
    if (filename.isEmpty() || filename.contains("/") || filename.contains("\\")) {
      return null;
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile("mypi-testkit-upload-", ".dist");
      Files.write(tmp, content);
      return MetadataReader.create().read(tmp, filename);
    } catch (IOException | MypiException e) {
      return null;
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      }
    }
  }

  /** Counts (and, for uploads, keeps) the body; hides or rewrites {@code Range} for range faults. */
  private final class ExchangeRequest extends Request.Wrapper {
    private final Exchange exchange;
    private final HttpFields headers;
    private final @Nullable String requestedContentRange;

    ExchangeRequest(Request wrapped, Exchange exchange, @Nullable Fault fault, @Nullable String decodedPath) {
      super(wrapped);
      this.exchange = exchange;
      HttpFields original = wrapped.getHeaders();
      String range = original.get(HttpHeader.RANGE);
      String contentRange = null;
      if (fault != null && range != null && fault.range() == Fault.RangeMode.IGNORE) {
        original = HttpFields.build(original).remove(HttpHeader.RANGE).remove(HttpHeader.IF_RANGE).asImmutable();
      } else if (fault != null && range != null && fault.range() == Fault.RangeMode.BREAK && decodedPath != null) {
        long[] asked = requestedRange(range, decodedPath);
        if (asked != null) {
          long start = asked[0];
          long length = asked[1] - asked[0] + 1;
          long total = asked[2];
          long wrongStart = start > 0 ? 0 : (length < total ? 1 : -1);
          if (wrongStart >= 0) {
            original = HttpFields.build(original).remove(HttpHeader.IF_RANGE)
                .put(HttpHeader.RANGE, "bytes=" + wrongStart + "-" + (wrongStart + length - 1)).asImmutable();
            contentRange = "bytes " + asked[0] + "-" + asked[1] + "/" + total;
          }
        }
      }
      this.headers = original;
      this.requestedContentRange = contentRange;
    }

    /** Returns {start, end, total} of a single satisfiable range of a file, or null. */
    private long @Nullable [] requestedRange(String range, String decodedPath) {
      Matcher file = FILE_PATH.matcher(decodedPath);
      Matcher r = SINGLE_RANGE.matcher(range.trim());
      if (!file.matches() || !r.matches() || (r.group(1).isEmpty() && r.group(2).isEmpty())) {
        return null;
      }
      Optional<IndexedFile> f = index.file(file.group(1), URLDecoder.decode(file.group(2).replace("+", "%2B"), StandardCharsets.UTF_8));
      if (f.isEmpty()) {
        return null;
      }
      long total = f.get().size();
      long start;
      long end;
      if (r.group(1).isEmpty()) {
        long suffix = Long.parseLong(r.group(2));
        start = Math.max(0, total - suffix);
        end = total - 1;
      } else {
        start = Long.parseLong(r.group(1));
        end = r.group(2).isEmpty() ? total - 1 : Math.min(total - 1, Long.parseLong(r.group(2)));
      }
      return start <= end && start < total ? new long[] {start, end, total} : null;
    }

    @Override
    public HttpFields getHeaders() {
      return headers;
    }

    @Override
    public Content.@Nullable Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && chunk.hasRemaining()) {
        exchange.read(chunk.getByteBuffer());
      }
      return chunk;
    }
  }

  /** Applies the body and header faults to what the servlet writes; records the exchange at its last write. */
  private static final class ExchangeResponse extends Response.Wrapper {
    private final ExchangeRequest request;
    private final Exchange exchange;
    private final @Nullable Fault fault;
    private final Scheduler scheduler;
    private volatile boolean committed;
    private volatile int committedStatus;
    private long written;
    private long cap = -1;
    private boolean aborted;

    ExchangeResponse(ExchangeRequest request, Response wrapped, Exchange exchange, @Nullable Fault fault, Scheduler scheduler) {
      super(request, wrapped);
      this.request = request;
      this.exchange = exchange;
      this.fault = fault;
      this.scheduler = scheduler;
    }

    int sentStatus(boolean succeeded) {
      if (committed) {
        return committedStatus;
      }
      return succeeded ? getStatus() : 0;
    }

    void abort() {
      request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    @Override
    public void write(boolean last, @Nullable ByteBuffer content, Callback callback) {
      ByteBuffer data = content == null ? BufferUtil.EMPTY_BUFFER : content;
      if (!committed) {
        committedStatus = getStatus();
        applyHeaderFaults();
        committed = true;
      }
      if (last) {
        exchange.complete(committedStatus);
      }
      Fault f = fault;
      if (f == null) {
        super.write(last, data, callback);
        return;
      }
      if (aborted) {
        callback.failed(new EofException("connection closed by an injected fault"));
        return;
      }
      if (cap >= 0 && data.remaining() > cap - written) {
        data = data.slice(data.position(), (int) Math.max(0, cap - written));
      }
      long truncate = f.truncateAfter();
      if (truncate >= 0 && written + data.remaining() > truncate) {
        ByteBuffer part = data.slice(data.position(), (int) (truncate - written));
        written = truncate;
        aborted = true;
        getWrapped().write(false, part, Callback.from(
            () -> {
              abort();
              callback.failed(new EofException("body truncated by an injected fault"));
            },
            x -> {
              abort();
              callback.failed(x);
            }));
        return;
      }
      written += data.remaining();
      if (last && f.contentLengthDelta() > 0) {
        // Jetty refuses to end a response short of its Content-Length: send the body, then hang up.
        aborted = true;
        getWrapped().write(false, data, Callback.from(
            () -> {
              abort();
              callback.failed(new EofException("connection closed short of the advertised Content-Length by an injected fault"));
            },
            x -> {
              abort();
              callback.failed(x);
            }));
        return;
      }
      if (f.throttleBytes() > 0 && data.hasRemaining()) {
        new ThrottledWrite(getWrapped(), scheduler, data, last, f.throttleBytes(), f.throttlePeriod(), callback).iterate();
        return;
      }
      super.write(last, data, callback);
    }

    private void applyHeaderFaults() {
      Fault f = fault;
      if (f == null) {
        return;
      }
      HttpFields.Mutable headers = getHeaders();
      long delta = f.contentLengthDelta();
      long length = headers.getLongField(HttpHeader.CONTENT_LENGTH);
      if (delta != 0 && length >= 0) {
        long advertised = Math.max(0, length + delta);
        headers.put(HttpHeader.CONTENT_LENGTH, advertised);
        if (delta < 0) {
          cap = advertised;
        }
      }
      if (request.requestedContentRange != null && committedStatus == 206) {
        headers.put(HttpHeader.CONTENT_RANGE, request.requestedContentRange);
      }
    }
  }

  /** Writes a body a few bytes at a time, with a pause before each piece, without blocking a thread. */
  private static final class ThrottledWrite extends IteratingCallback {
    private final Response target;
    private final Scheduler scheduler;
    private final ByteBuffer content;
    private final boolean last;
    private final int bytes;
    private final long periodNanos;
    private final Callback callback;
    private boolean lastSent;

    ThrottledWrite(Response target, Scheduler scheduler, ByteBuffer content, boolean last, int bytes, Duration period, Callback callback) {
      this.target = target;
      this.scheduler = scheduler;
      this.content = content;
      this.last = last;
      this.bytes = bytes;
      this.periodNanos = period.toNanos();
      this.callback = callback;
    }

    @Override
    protected Action process() {
      if (lastSent || (!content.hasRemaining() && !last)) {
        return Action.SUCCEEDED;
      }
      int n = Math.min(bytes, content.remaining());
      ByteBuffer piece = content.slice(content.position(), n);
      content.position(content.position() + n);
      boolean end = last && !content.hasRemaining();
      lastSent = end;
      scheduler.schedule(() -> target.write(end, piece, this), periodNanos, TimeUnit.NANOSECONDS);
      return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
      callback.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      callback.failed(cause);
    }
  }
}
