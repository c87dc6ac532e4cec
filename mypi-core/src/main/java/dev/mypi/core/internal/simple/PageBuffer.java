package dev.mypi.core.internal.simple;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A page rendered into memory: a growable byte array, like a {@code ByteArrayOutputStream} but
 * unsynchronized, and one that the HTML renderer's {@link Utf8Writer} encodes into directly instead
 * of through a buffer of its own. Rendering a page into one allocates its initial capacity (an
 * estimate of the page's length), any growth, and the copy of the page's exact length that {@link
 * #toByteArray()} returns (docs/benchmarks.md, issue 7, eleventh round). Not thread-safe.
 */
public final class PageBuffer extends OutputStream {
  private byte[] array;
  private int count;

  /**
   * Creates an empty buffer of {@code initialCapacity} bytes.
   *
   * @throws IllegalArgumentException if {@code initialCapacity} is negative
   */
  public PageBuffer(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must not be negative: " + initialCapacity);
    }
    this.array = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensureRoom(1);
    array[count++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    ensureRoom(length);
    System.arraycopy(bytes, offset, array, count, length);
    count += length;
  }

  /** Returns the number of bytes written. */
  public int size() {
    return count;
  }

  /**
   * Returns the bytes written, in an array of exactly their length: the buffer's own array when it
   * is exactly full (it is not written to again; a later write grows into a new one), else a copy.
   */
  public byte[] toByteArray() {
    return count == array.length ? array : Arrays.copyOf(array, count);
  }

  /** The array that {@link Utf8Writer} encodes into; its first {@link #size()} bytes are the page. */
  byte[] array() {
    return array;
  }

  /** Takes over {@code bytes}, whose first {@code length} bytes are now the page: from {@link Utf8Writer}. */
  void adopt(byte[] bytes, int length) {
    Objects.checkFromIndexSize(0, length, bytes.length);
    this.array = bytes;
    this.count = length;
  }

  /** Returns an array with room for {@code extra} more bytes after {@code used}: {@code current} or a larger copy. */
  static byte[] withRoom(byte[] current, int used, long extra) {
    if (extra <= current.length - used) {
      return current;
    }
    long needed = used + extra;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("a page cannot be longer than 2 GiB: " + needed + " bytes needed");
    }
    return Arrays.copyOf(current, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * current.length)));
  }

  private void ensureRoom(int extra) {
    array = withRoom(array, count, extra);
  }
}
