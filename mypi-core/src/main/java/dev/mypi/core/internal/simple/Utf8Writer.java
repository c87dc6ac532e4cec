package dev.mypi.core.internal.simple;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A buffered writer of UTF-8 bytes to an {@link OutputStream}, with an ASCII fast path; cheaper
 * than an {@code OutputStreamWriter} for pages that are nearly all ASCII. Fixed markup is passed
 * pre-encoded ({@link #bytes(String)}). Not thread-safe; one per render. Unpaired surrogates are
 * written as {@code ?}, as {@code String.getBytes(UTF_8)} does.
 *
 * <p>Writing to a {@link PageBuffer}, it encodes straight into the page buffer's array (growing it
 * as needed) and has no buffer of its own: a page rendered into memory is then allocated once, not
 * once here and again in the page buffer.
 */
final class Utf8Writer {
  /**
   * The buffer's size at first: a project page of a few files fits, so rendering one allocates
   * about its own size here, not the largest buffer (a page rendered for each request of a scan over
   * many projects made the 16 KiB buffer nine tenths of the server's allocations: docs/benchmarks.md,
   * issue 7, tenth round).
   */
  static final int INITIAL_BUFFER_SIZE = 1024;
  /** The buffer grows up to this size; past it, a full buffer is written to the stream. */
  static final int MAX_BUFFER_SIZE = 16384;

  private final OutputStream out;
  /** The page buffer whose array {@link #buffer} is, or null when writing to any other stream. */
  private final @Nullable PageBuffer page;
  private byte[] buffer;
  private int count;

  Utf8Writer(OutputStream out) {
    this.out = out;
    if (out instanceof PageBuffer) {
      page = (PageBuffer) out;
      buffer = page.array();
      count = page.size();
    } else {
      page = null;
      buffer = new byte[INITIAL_BUFFER_SIZE];
    }
  }

  /** Returns {@code s} encoded as UTF-8, for constants passed to {@link #write(byte[])}. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes pre-encoded bytes. */
  Utf8Writer write(byte[] bytes) throws IOException {
    if (!makeRoom(bytes.length)) {
      out.write(bytes);
      return this;
    }
    System.arraycopy(bytes, 0, buffer, count, bytes.length);
    count += bytes.length;
    return this;
  }

  /** Writes {@code s}, UTF-8 encoded. */
  Utf8Writer write(String s) throws IOException {
    int length = s.length();
    // Worst case three bytes per char (a surrogate pair is two chars for four bytes).
    if (!makeRoomFor(s)) {
      return writeLong(s);
    }
    byte[] buf = buffer;
    int pos = count;
    int i = 0;
    // ASCII fast path: no bounds checks beyond the one above.
    while (i < length) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      buf[pos++] = (byte) c;
      i++;
    }
    while (i < length) {
      int next = isPair(s, i) ? i + 2 : i + 1;
      pos = encode(s, i, buf, pos);
      i = next;
    }
    count = pos;
    return this;
  }

  /**
   * Writes {@code s}, UTF-8 encoded, and returns true; or, if {@code s} contains an ASCII character
   * flagged in {@code reserved} (a 128-entry table), writes nothing and returns false. One pass
   * over {@code s}: the caller escapes and writes only the rare strings that need it.
   */
  boolean writeUnlessReserved(String s, boolean[] reserved) throws IOException {
    int length = s.length();
    if (!makeRoomFor(s)) {
      if (containsReserved(s, reserved)) {
        return false;
      }
      writeLong(s);
      return true;
    }
    byte[] buf = buffer;
    int pos = count;
    int i = 0;
    while (i < length) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      if (reserved[c]) {
        return false; // count is unchanged: the bytes copied so far are discarded
      }
      buf[pos++] = (byte) c;
      i++;
    }
    while (i < length) {
      char c = s.charAt(i);
      if (c < 0x80 && reserved[c]) {
        return false;
      }
      int next = isPair(s, i) ? i + 2 : i + 1;
      pos = encode(s, i, buf, pos);
      i = next;
    }
    count = pos;
    return true;
  }

  private static boolean containsReserved(String s, boolean[] reserved) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && reserved[c]) {
        return true;
      }
    }
    return false;
  }

  /** Writes {@code value} in decimal. */
  Utf8Writer write(long value) throws IOException {
    return write(Long.toString(value));
  }

  /** Writes the buffer to the stream and flushes the stream. */
  void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  private Utf8Writer writeLong(String s) throws IOException {
    int length = s.length();
    int i = 0;
    while (i < length) {
      makeRoom(4);
      int next = isPair(s, i) ? i + 2 : i + 1;
      count = encode(s, i, buffer, count);
      i = next;
    }
    return this;
  }

  private static boolean isPair(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }

  /** Encodes the code point at {@code s[i]} (two chars if a surrogate pair) and returns the end. */
  private static int encode(String s, int i, byte[] buf, int pos) {
    char c = s.charAt(i);
    if (c < 0x80) {
      buf[pos++] = (byte) c;
    } else if (c < 0x800) {
      buf[pos++] = (byte) (0xc0 | (c >> 6));
      buf[pos++] = (byte) (0x80 | (c & 0x3f));
    } else if (isPair(s, i)) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      buf[pos++] = (byte) (0xf0 | (cp >> 18));
      buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
      buf[pos++] = (byte) (0x80 | (cp & 0x3f));
    } else if (Character.isSurrogate(c)) {
      buf[pos++] = '?';
    } else {
      buf[pos++] = (byte) (0xe0 | (c >> 12));
      buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
      buf[pos++] = (byte) (0x80 | (c & 0x3f));
    }
    return pos;
  }

  /**
   * Makes room for {@code s} encoded: for the worst case, three bytes per char, if that fits; else,
   * in a page buffer, for exactly its encoded length, so that a nearly full page buffer does not
   * double for a string whose bytes fit.
   */
  private boolean makeRoomFor(String s) throws IOException {
    long worst = 3L * s.length();
    if (worst <= buffer.length - count) {
      return true;
    }
    return makeRoom(page != null ? encodedLength(s) : worst);
  }

  /** Returns the number of bytes {@link #encode} writes for all of {@code s}. */
  private static long encodedLength(String s) {
    long bytes = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (isPair(s, i)) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
      i++;
    }
    return bytes;
  }

  /**
   * Makes room for {@code bytes} more bytes in the buffer, growing it (up to {@link
   * #MAX_BUFFER_SIZE}) before writing it out; returns false, with the buffer empty, if they cannot
   * fit even then. A page buffer's array grows without bound and is never written out.
   */
  private boolean makeRoom(long bytes) throws IOException {
    if (bytes <= buffer.length - count) {
      return true;
    }
    if (page != null) {
      buffer = PageBuffer.withRoom(buffer, count, bytes);
      return true;
    }
    if (buffer.length < MAX_BUFFER_SIZE && count + bytes <= MAX_BUFFER_SIZE) {
      buffer = Arrays.copyOf(buffer, (int) Math.max(count + bytes, Math.min(MAX_BUFFER_SIZE, 2L * buffer.length)));
      return true;
    }
    flushBuffer();
    if (bytes <= buffer.length) {
      return true;
    }
    if (bytes <= MAX_BUFFER_SIZE) {
      buffer = new byte[MAX_BUFFER_SIZE];
      return true;
    }
    return false;
  }

  private void flushBuffer() throws IOException {
    if (page != null) {
      page.adopt(buffer, count); // the page's bytes stay where they are
      return;
    }
    if (count > 0) {
      out.write(buffer, 0, count);
      count = 0;
    }
  }
}
