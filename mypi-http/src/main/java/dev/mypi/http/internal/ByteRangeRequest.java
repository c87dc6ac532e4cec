package dev.mypi.http.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The single byte range a {@code Range} header asks for, resolved against the representation's
 * length (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-} and the suffix form {@code bytes=-n}.
 *
 * <p>A header this class cannot use (another unit, bad syntax, several ranges) is ignored, which
 * RFC 9110 allows: the whole representation is served with 200. A syntactically valid range that
 * does not overlap the representation is {@linkplain Outcome#UNSATISFIABLE unsatisfiable} (416).
 */
public final class ByteRangeRequest {
  /** What to do with a request's {@code Range} header. */
  public enum Outcome {
    /** No usable range: serve the whole representation with 200. */
    FULL,
    /** Serve {@link #offset()} and {@link #length()} with 206. */
    PARTIAL,
    /** Answer 416 with {@code Content-Range: bytes *&#47;total}. */
    UNSATISFIABLE
  }

  private static final ByteRangeRequest FULL = new ByteRangeRequest(Outcome.FULL, 0, -1);
  private static final ByteRangeRequest UNSATISFIABLE =
      new ByteRangeRequest(Outcome.UNSATISFIABLE, 0, -1);

  private final Outcome outcome;
  private final long offset;
  private final long length;

  private ByteRangeRequest(Outcome outcome, long offset, long length) {
    this.outcome = outcome;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Resolves {@code rangeHeader} (may be null) against a representation of {@code totalLength}
   * bytes.
   */
  public static ByteRangeRequest resolve(@Nullable String rangeHeader, long totalLength) {
    if (rangeHeader == null) {
      return FULL;
    }
    String h = rangeHeader.trim();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
      return FULL;
    }
    String spec = h.substring(eq + 1).trim();
    if (spec.indexOf(',') >= 0) {
      return FULL; // several ranges: a single 200 is a valid answer and no client here sends them
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return FULL;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    Optional<Long> start = parseNonNegative(first);
    Optional<Long> end = parseNonNegative(last);
    if (first.isEmpty()) {
      // suffix range: the last n bytes
      if (end.isEmpty()) {
        return FULL;
      }
      long n = end.get();
      if (n == 0 || totalLength == 0) {
        return UNSATISFIABLE;
      }
      long len = Math.min(n, totalLength);
      return new ByteRangeRequest(Outcome.PARTIAL, totalLength - len, len);
    }
    if (start.isEmpty() || (!last.isEmpty() && end.isEmpty())) {
      return FULL;
    }
    long s = start.get();
    if (end.isPresent() && end.get() < s) {
      return FULL; // invalid range-spec: ignore the header
    }
    if (s >= totalLength) {
      return UNSATISFIABLE;
    }
    long e = end.isPresent() ? Math.min(end.get(), totalLength - 1) : totalLength - 1;
    return new ByteRangeRequest(Outcome.PARTIAL, s, e - s + 1);
  }

  private static Optional<Long> parseNonNegative(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return Optional.empty();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(s));
  }

  /** Returns what to answer. */
  public Outcome outcome() {
    return outcome;
  }

  /** Returns the first byte to send; meaningful for {@link Outcome#PARTIAL}. */
  public long offset() {
    return offset;
  }

  /** Returns the number of bytes to send; meaningful for {@link Outcome#PARTIAL}. */
  public long length() {
    return length;
  }

  /** Returns the {@code Content-Range} value for a 206 or 416 answer. */
  public String contentRange(long totalLength) {
    if (outcome == Outcome.PARTIAL) {
      return "bytes " + offset + "-" + (offset + length - 1) + "/" + totalLength;
    }
    return "bytes */" + totalLength;
  }
}
