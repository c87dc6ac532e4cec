package dev.mypi.core.storage;

/**
 * A run of bytes in a blob: {@code length} bytes starting at {@code offset} (zero-based).
 *
 * <p>A range is validated against the blob's size when it is opened: {@link BlobStore#open(BlobKey,
 * ByteRange)} throws {@link RangeNotSatisfiableException} unless {@code offset + length <= size}.
 * A zero-length range is allowed anywhere up to the end ({@code offset <= size}) and yields an
 * empty stream. Translating HTTP {@code Range} headers (open-ended {@code a-}, suffix {@code -n},
 * clipping {@code a-b} to the size) is the HTTP layer's job; it knows the size from {@link
 * BlobStore#stat}.
 *
 * @param offset the first byte, {@code >= 0}
 * @param length the number of bytes, {@code >= 0}
 */
public record ByteRange(long offset, long length) {
  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative or their sum
   *     overflows
   */
  public ByteRange {
    if (offset < 0 || length < 0 || offset + length < 0) {
      throw new IllegalArgumentException("invalid byte range: offset " + offset + ", length " + length);
    }
  }

  /** Returns the range of {@code length} bytes starting at {@code offset}. */
  public static ByteRange of(long offset, long length) {
    return new ByteRange(offset, length);
  }

  /** Returns the range of every byte of a blob of {@code size} bytes. */
  public static ByteRange whole(long size) {
    return new ByteRange(0, size);
  }

  /** Returns the offset just past the last byte, {@code offset + length}. */
  public long end() {
    return offset + length;
  }

  /** Returns whether this range fits in a blob of {@code size} bytes. */
  public boolean fitsIn(long size) {
    return end() <= size;
  }

  /** Returns the half-open interval of offsets, for messages, e.g. {@code [10, 20)}. */
  @Override
  public String toString() {
    return "[" + offset + ", " + end() + ")";
  }
}
