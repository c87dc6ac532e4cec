package dev.mypi.core.storage;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The name of a blob in a {@link BlobStore}: a non-empty list of {@code /}-separated segments, valid
 * by construction so that no key can escape the store (no {@code ..}, no absolute paths, no drive
 * letters, no backslashes).
 *
 * <pre>{@code
 * BlobKey key = BlobKey.of("foo/foo-1.0.tar.gz");
 * key.name();                   // "foo-1.0.tar.gz"
 * key.parent();                 // BlobKey.of("foo")
 * BlobKey.root().resolve("_mypi").resolve("journal");   // "_mypi/journal"
 * BlobKey.of(key.toString()).equals(key);                // true: toString() round-trips
 * }</pre>
 *
 * <p>A segment
 *
 * <ul>
 *   <li>is not empty (so {@code /abs}, {@code a//b} and {@code a/} are rejected) and at most 255
 *       UTF-8 bytes long; the whole key is at most 1024 UTF-8 bytes (the S3 limit);
 *   <li>does not start with {@code .}: that rules out {@code .} and {@code ..} and reserves hidden
 *       names for the backends' own bookkeeping (the file-system store keeps its temp files in
 *       {@code .mypi-tmp/});
 *   <li>contains no control character (C0, DEL, C1, U+2028, U+2029), no unpaired surrogate, and none
 *       of {@code \ : * ? " < > |}, which Windows or URLs treat specially;
 *   <li>does not begin or end with whitespace (spaces inside are allowed).
 * </ul>
 *
 * Everything else is allowed, including {@code + ! ~ % @ = , ; ' # & ( ) [ ]} and any Unicode letter,
 * so the filenames of real distributions are keys as they are. A percent sign is a literal
 * character: {@code %2e%2e} is an ordinary segment, never decoded. Keys are compared exactly
 * (case-sensitive, no Unicode normalisation).
 *
 * <p>The {@linkplain #root() root key} has no segments. It is only meaningful as a prefix for
 * {@link BlobStore#list}; no blob is stored under it.
 *
 * <p>Keys are ordered by the UTF-8 bytes of {@link #toString()} (equivalently, by Unicode code
 * point), which is the order S3 lists objects in. Listings are sorted in this order.
 */
public final class BlobKey implements Comparable<BlobKey> {
  private static final int MAX_SEGMENT_BYTES = 255;
  private static final int MAX_KEY_BYTES = 1024;
  private static final Splitter SLASH = Splitter.on('/');
  private static final BlobKey ROOT = new BlobKey(ImmutableList.of(), "");

  private final ImmutableList<String> segments;
  private final String string;

  private BlobKey(ImmutableList<String> segments, String string) {
    this.segments = segments;
    this.string = string;
  }

  /**
   * Returns the key for {@code key}, a {@code /}-separated list of valid segments such as {@code
   * foo/foo-1.0.tar.gz}.
   *
   * @throws InvalidBlobKeyException if {@code key} is empty or any segment is invalid; the message
   *     quotes the input
   */
  public static BlobKey of(String key) {
    if (key.isEmpty()) {
      throw new InvalidBlobKeyException(key, "a key needs at least one segment (use BlobKey.root() to list everything)");
    }
    List<String> parts = SLASH.splitToList(key);
    for (String part : parts) {
      String problem = segmentProblem(part);
      if (problem != null) {
        throw new InvalidBlobKeyException(key, problem);
      }
    }
    checkKeyLength(key);
    return new BlobKey(ImmutableList.copyOf(parts), key);
  }

  /** Returns the root key: no segments, {@code toString()} is {@code ""}. Only useful as a list prefix. */
  public static BlobKey root() {
    return ROOT;
  }

  /** Returns whether {@code segment} is a valid single segment (see the class documentation). */
  public static boolean isValidSegment(String segment) {
    return segmentProblem(segment) == null;
  }

  /**
   * Returns the key of {@code segment} inside this key, e.g. {@code BlobKey.of("a").resolve("b")}
   * is {@code a/b}.
   *
   * @throws InvalidBlobKeyException if {@code segment} is not one valid segment (it may not contain
   *     {@code /}) or the result is too long
   */
  public BlobKey resolve(String segment) {
    String problem = segmentProblem(segment);
    if (problem != null) {
      throw new InvalidBlobKeyException(segment, problem);
    }
    String joined = isRoot() ? segment : string + "/" + segment;
    checkKeyLength(joined);
    return new BlobKey(
        ImmutableList.<String>builderWithExpectedSize(segments.size() + 1)
            .addAll(segments)
            .add(segment)
            .build(),
        joined);
  }

  /**
   * Returns the key one segment up ({@link #root()} for a single-segment key), or empty if this is
   * the root key.
   */
  public Optional<BlobKey> parent() {
    if (isRoot()) {
      return Optional.empty();
    }
    if (segments.size() == 1) {
      return Optional.of(ROOT);
    }
    return Optional.of(
        new BlobKey(segments.subList(0, segments.size() - 1), string.substring(0, string.lastIndexOf('/'))));
  }

  /**
   * Returns the last segment, e.g. {@code foo-1.0.tar.gz} for {@code foo/foo-1.0.tar.gz}.
   *
   * @throws IllegalStateException if this is the root key
   */
  public String name() {
    if (isRoot()) {
      throw new IllegalStateException("the root key has no name");
    }
    return segments.get(segments.size() - 1);
  }

  /** Returns the segments in order; empty for the root key. */
  public ImmutableList<String> segments() {
    return segments;
  }

  /** Returns whether this is the root key (no segments). */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  /**
   * Returns whether {@code prefix}'s segments are the first segments of this key: {@code a/b/c}
   * starts with {@code a/b}, {@code a/b} itself and the root, but not with {@code a/bc} or {@code
   * a/b/c/d}.
   */
  public boolean startsWith(BlobKey prefix) {
    return segments.size() >= prefix.segments.size()
        && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
  }

  /** Compares by the UTF-8 bytes of {@link #toString()}, the order of listings. */
  @Override
  public int compareTo(BlobKey other) {
    return compareCodePoints(string, other.string);
  }

  /**
   * Compares two strings by Unicode code point, which equals the order of their UTF-8 encodings
   * (and differs from {@link String#compareTo} for characters outside the Basic Multilingual Plane).
   */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BlobKey && ((BlobKey) o).string.equals(string);
  }

  @Override
  public int hashCode() {
    return string.hashCode();
  }

  /** Returns the segments joined with {@code /}; {@link #of} parses it back to an equal key. */
  @Override
  public String toString() {
    return string;
  }

  private static void checkKeyLength(String key) {
    if (utf8Length(key) > MAX_KEY_BYTES) {
      throw new InvalidBlobKeyException(key, "longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
    }
  }

  private static @Nullable String segmentProblem(String segment) {
    if (segment.isEmpty()) {
      return "empty segment (keys are relative, with single '/' between segments)";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "segment '" + segment + "' is not allowed";
    }
    if (segment.charAt(0) == '.') {
      return "segment '" + printable(segment) + "' starts with '.' (reserved for the store's own files)";
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/') {
        return "a segment cannot contain '/'";
      }
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return String.format("contains the control character U+%04X", (int) c);
      }
      if ("\\:*?\"<>|".indexOf(c) >= 0) {
        return "contains '" + c + "', which is not allowed in keys";
      }
      if (Character.isHighSurrogate(c) && i + 1 < segment.length() && Character.isLowSurrogate(segment.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("contains the unpaired surrogate U+%04X", (int) c);
      }
    }
    if (Character.isWhitespace(segment.codePointAt(0))
        || Character.isWhitespace(segment.codePointBefore(segment.length()))
        || Character.isSpaceChar(segment.codePointAt(0))
        || Character.isSpaceChar(segment.codePointBefore(segment.length()))) {
      return "segment '" + segment + "' begins or ends with whitespace";
    }
    if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
      return "segment longer than " + MAX_SEGMENT_BYTES + " UTF-8 bytes";
    }
    return null;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Returns {@code s} with control characters escaped as {@code \\uXXXX}, for messages. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
