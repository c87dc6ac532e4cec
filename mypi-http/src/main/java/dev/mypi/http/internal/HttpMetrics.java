package dev.mypi.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The servlet's meters in a {@link MeterRegistry}: request timers per route, method and status
 * class, bytes sent per route, upload bytes received and uploads by outcome. Meters are
 * registered on first use and then found by array index, so recording allocates nothing.
 *
 * <p>Only {@link dev.mypi.http.MypiServlet} touches this class, and only when it was given a
 * registry: without one Micrometer need not be on the class path.
 */
public final class HttpMetrics {
  /** The timer of every request: {@code mypi_http_requests_seconds} in Prometheus. */
  public static final String REQUESTS = "mypi.http.requests";
  /** Response body bytes written, per route: {@code mypi_http_sent_bytes_total}. */
  public static final String SENT_BYTES = "mypi.http.sent.bytes";
  /** Upload request body bytes read: {@code mypi_http_received_bytes_total}. */
  public static final String RECEIVED_BYTES = "mypi.http.received.bytes";
  /** Uploads by outcome: {@code mypi_uploads_total}. */
  public static final String UPLOADS = "mypi.uploads";

  /**
   * Latency buckets (Prometheus {@code le}) of request and storage timers: enough to read p50 and
   * p99 from 0.5 ms (a cached page) to 10 s (a large upload), without the 70-odd buckets of a
   * percentile histogram.
   */
  public static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private static final Route[] ROUTES = Route.values();
  private static final String[] METHODS = {"GET", "HEAD", "POST", "other"};
  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  /** What became of an upload request. */
  public enum UploadOutcome {
    /** A new file was stored. */
    CREATED,
    /** An identical file was already there. */
    ALREADY_EXISTED,
    /** A file of the same name was replaced (overwrite allowed). */
    REPLACED,
    /** A legacy action that needs no work. */
    NOTHING_TO_DO,
    /** Refused: invalid, too large or conflicting (4xx). */
    REJECTED,
    /** Refused: no login, wrong credentials or not allowed (401, 403, 429). */
    DENIED,
    /** The client stalled or went away before the end of the body (408). */
    CUT_OFF,
    /** Storage failed (5xx). */
    FAILED;

    private final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(ROUTES.length * METHODS.length * STATUS_CLASSES.length);
  private final AtomicReferenceArray<Counter> sent = new AtomicReferenceArray<>(ROUTES.length);
  private final AtomicReferenceArray<Counter> uploads = new AtomicReferenceArray<>(UploadOutcome.values().length);
  private final Counter received;

  private HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.received =
        Counter.builder(RECEIVED_BYTES).baseUnit("bytes").description("Bytes of upload request bodies read").register(registry);
  }

  /** Returns the meters of a servlet in {@code registry}. */
  public static HttpMetrics create(MeterRegistry registry) {
    return new HttpMetrics(registry);
  }

  /** Returns the tag value of {@code route}: its name in lower case, e.g. {@code project}, {@code core_metadata}. */
  public static String tag(Route route) {
    return route.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Records one request: {@code nanos} in the timer of its route, method and status class, and
   * {@code bytesSent} response body bytes.
   */
  public void request(Route route, String method, int status, long nanos, long bytesSent) {
    int m = methodIndex(method);
    int s = Math.min(Math.max(status / 100, 1), 5) - 1;
    int i = (route.ordinal() * METHODS.length + m) * STATUS_CLASSES.length + s;
    Timer timer = timers.get(i);
    if (timer == null) {
      timer =
          Timer.builder(REQUESTS)
              .description("HTTP requests to mypi by route, method and status class")
              .tag("route", tag(route))
              .tag("method", METHODS[m])
              .tag("status", STATUS_CLASSES[s])
              .serviceLevelObjectives(LATENCY_BUCKETS)
              .register(registry);
      timers.set(i, timer);
    }
    timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (bytesSent > 0) {
      Counter c = sent.get(route.ordinal());
      if (c == null) {
        c = Counter.builder(SENT_BYTES).baseUnit("bytes").description("Bytes of response bodies written, by route").tag("route", tag(route)).register(registry);
        sent.set(route.ordinal(), c);
      }
      c.increment(bytesSent);
    }
  }

  /** Records {@code bytes} of an upload body read. */
  public void received(long bytes) {
    if (bytes > 0) {
      received.increment(bytes);
    }
  }

  /** Counts one upload request by its outcome. */
  public void upload(UploadOutcome outcome) {
    Counter c = uploads.get(outcome.ordinal());
    if (c == null) {
      c = Counter.builder(UPLOADS).description("Upload requests by outcome").tag("outcome", outcome.tag).register(registry);
      uploads.set(outcome.ordinal(), c);
    }
    c.increment();
  }

  private static int methodIndex(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      default -> 3;
    };
  }
}
