package dev.mypi.core.storage;

import dev.mypi.core.MypiException;

/**
 * Thrown by {@link BlobStore#open(BlobKey, ByteRange)} when the range does not fit in the blob; the
 * HTTP layer answers {@code 416} with {@code Content-Range: bytes *}{@code /size}.
 */
public final class RangeNotSatisfiableException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final ByteRange range;
  private final long size;

  /** Creates the exception for {@code range} of the blob at {@code key}, which has {@code size} bytes. */
  public RangeNotSatisfiableException(BlobKey key, ByteRange range, long size) {
    super("Byte range " + range + " is outside '" + key + "', which has " + size + " bytes");
    this.key = key.toString();
    this.range = range;
    this.size = size;
  }

  /** Returns the key of the blob. */
  public BlobKey key() {
    return BlobKey.of(key);
  }

  /** Returns the requested range. */
  public ByteRange range() {
    return range;
  }

  /** Returns the blob's size in bytes. */
  public long size() {
    return size;
  }
}
