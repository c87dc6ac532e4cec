package dev.mypi.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One injected misbehaviour of a {@link MockIndexServer}, for the requests whose path matches a
 * pattern (and, optionally, whose method matches). Obtained from {@link Faults#on}; configure it
 * with the chained methods before the client runs:
 *
 * <pre>{@code
 * server.faults().on("/simple/foo/").status(503).retryAfter(Duration.ZERO).times(2);
 * server.faults().on("/files/**").delay(Duration.ofMillis(200)).throttleBody(1024, Duration.ofMillis(50));
 * server.faults().onProject("foo").advertiseWrongHash();
 * }</pre>
 *
 * <p>A request gets the first active fault (in the order they were added) whose pattern matches
 * it; the actions of that fault combine (a delay, then a status or the normal response with its
 * body faults). A fault is active until it has affected {@link #times} requests, forever by
 * default, or until {@link #cancel()} or {@link Faults#clear()}. Advertised-hash faults change the
 * project page instead of one response, and count one use per page they change. Thread-safe.
 */
public final class Fault {
  /** What a fault does to a {@code Range} request. */
  enum RangeMode {
    NORMAL,
    IGNORE,
    BREAK
  }

  private final Faults owner;
  private final Pattern path;
  private final String description;
  private volatile @Nullable String method;
  private volatile int status;
  private volatile @Nullable Duration retryAfter;
  private volatile Duration delay = Duration.ZERO;
  private volatile int throttleBytes;
  private volatile Duration throttlePeriod = Duration.ZERO;
  private volatile long truncateAfter = -1;
  private volatile boolean dropConnection;
  private volatile long contentLengthDelta;
  private volatile RangeMode range = RangeMode.NORMAL;
  private volatile boolean wrongHash;
  private volatile @Nullable String advertisedSha256;
  private int remaining = -1;
  private int hits;

  Fault(Faults owner, Pattern path, String description) {
    this.owner = owner;
    this.path = path;
    this.description = description;
  }

  /** Limits this fault to requests with {@code method}, e.g. {@code GET}; by default any method. */
  public Fault method(String method) {
    this.method = method.toUpperCase(Locale.ROOT);
    return this;
  }

  /**
   * Answers with {@code status} (e.g. 404, 429, 500, 503) and a one-line text body instead of
   * the real response; the request never reaches the index.
   */
  public Fault status(int status) {
    checkArgument(status >= 200 && status <= 599, "status must be 200..599: %s", status);
    this.status = status;
    return this;
  }

  /** Adds {@code Retry-After: <whole seconds>} to a {@link #status} answer; pip honours it for 429 and 503. */
  public Fault retryAfter(Duration delay) {
    checkArgument(!delay.isNegative(), "negative retryAfter: %s", delay);
    this.retryAfter = delay;
    return this;
  }

  /** Waits {@code delay} before answering (added latency; the server thread is not blocked). */
  public Fault delay(Duration delay) {
    checkArgument(!delay.isNegative(), "negative delay: %s", delay);
    this.delay = delay;
    return this;
  }

  /** Sends the body {@code bytes} at a time with a pause of {@code period} before each piece (a slow body). */
  public Fault throttleBody(int bytes, Duration period) {
    checkArgument(bytes > 0, "bytes must be positive: %s", bytes);
    checkArgument(!period.isNegative(), "negative period: %s", period);
    this.throttleBytes = bytes;
    this.throttlePeriod = period;
    return this;
  }

  /**
   * Sends the status, the headers (with the full {@code Content-Length}) and the first {@code
   * bytes} of the body, then closes the connection. A body of at most {@code bytes} is sent whole.
   */
  public Fault truncateBodyAfter(long bytes) {
    checkArgument(bytes >= 0, "bytes must not be negative: %s", bytes);
    this.truncateAfter = bytes;
    return this;
  }

  /** Closes the connection without sending any response. */
  public Fault dropConnection() {
    this.dropConnection = true;
    return this;
  }

  /**
   * Advertises a {@code Content-Length} of the real length plus {@code delta}. With a positive
   * delta the whole body is sent and the connection closed while the client waits for more; with
   * a negative delta only the advertised number of bytes is sent (a short body that looks complete).
   */
  public Fault wrongContentLength(long delta) {
    checkArgument(delta != 0, "a delta of 0 is the right Content-Length");
    this.contentLengthDelta = delta;
    return this;
  }

  /** Ignores {@code Range} (and {@code If-Range}): the whole file is sent with 200. */
  public Fault ignoreRange() {
    this.range = RangeMode.IGNORE;
    return this;
  }

  /**
   * Breaks {@code Range}: a range request to a file gets 206 with the {@code Content-Range} and
   * length it asked for, but the bytes of another part of the file (from its start, or shifted by
   * one when the range starts at 0).
   */
  public Fault breakRange() {
    this.range = RangeMode.BREAK;
    return this;
  }

  /**
   * Advertises a wrong SHA-256 on the project page (HTML and JSON) for every file whose path
   * ({@code /files/<project>/<filename>}) this fault matches; the files themselves are served
   * unchanged, so an installer's integrity check fails.
   */
  public Fault advertiseWrongHash() {
    this.wrongHash = true;
    return this;
  }

  /** Like {@link #advertiseWrongHash()}, advertising {@code sha256Hex} for the matched files. */
  public Fault advertiseSha256(String sha256Hex) {
    checkArgument(sha256Hex.matches("[0-9a-fA-F]{64}"), "Not a hex SHA-256: %s", sha256Hex);
    this.advertisedSha256 = sha256Hex.toLowerCase(Locale.ROOT);
    return this;
  }

  /** Limits this fault to the next {@code n} requests (or pages) it affects; then it is inactive. */
  public Fault times(int n) {
    checkArgument(n >= 0, "times must not be negative: %s", n);
    synchronized (this) {
      this.remaining = n;
    }
    return this;
  }

  /** Returns how many requests (or pages) this fault has affected so far. */
  public synchronized int hits() {
    return hits;
  }

  /** Removes this fault. */
  public void cancel() {
    owner.remove(this);
  }

  // ---- used by the server ------------------------------------------------------------------

  boolean matches(String requestMethod, String requestPath) {
    String m = method;
    return (m == null || m.equals(requestMethod)) && path.matcher(requestPath).matches();
  }

  boolean affectsResponses() {
    return status > 0 || !delay.isZero() || throttleBytes > 0 || truncateAfter >= 0 || dropConnection
        || contentLengthDelta != 0 || range != RangeMode.NORMAL;
  }

  boolean affectsPages() {
    return wrongHash || advertisedSha256 != null;
  }

  /** Counts one use if the fault is still active; returns whether it was. */
  synchronized boolean tryUse() {
    if (remaining == 0) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    hits++;
    return true;
  }

  synchronized boolean isActive() {
    return remaining != 0;
  }

  int status() {
    return status;
  }

  @Nullable Duration retryAfter() {
    return retryAfter;
  }

  Duration delay() {
    return delay;
  }

  int throttleBytes() {
    return throttleBytes;
  }

  Duration throttlePeriod() {
    return throttlePeriod;
  }

  long truncateAfter() {
    return truncateAfter;
  }

  boolean dropsConnection() {
    return dropConnection;
  }

  long contentLengthDelta() {
    return contentLengthDelta;
  }

  RangeMode range() {
    return range;
  }

  @Nullable String advertisedSha256() {
    return advertisedSha256;
  }

  @Override
  public String toString() {
    return "Fault{" + description + (method == null ? "" : " " + method) + ", hits=" + hits() + "}";
  }
}
