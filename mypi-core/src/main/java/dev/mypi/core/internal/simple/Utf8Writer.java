package dev.mypi.core.internal.simple;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered writer of UTF-8 bytes to an {@link OutputStream}, with an ASCII fast path; cheaper
 * than an {@code OutputStreamWriter} for pages that are nearly all ASCII. Not thread-safe; one per
 * render. Unpaired surrogates are written as {@code ?}, as {@code String.getBytes(UTF_8)} does.
 */
final class Utf8Writer {
  private static final int BUFFER_SIZE = 8192;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int count;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code s}, UTF-8 encoded. */
  Utf8Writer write(String s) throws IOException {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      if (count > BUFFER_SIZE - 4) {
        flushBuffer();
      }
      char c = s.charAt(i);
      if (c < 0x80) {
        buffer[count++] = (byte) c;
      } else if (c < 0x800) {
        buffer[count++] = (byte) (0xc0 | (c >> 6));
        buffer[count++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buffer[count++] = (byte) (0xf0 | (cp >> 18));
        buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buffer[count++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        buffer[count++] = '?';
      } else {
        buffer[count++] = (byte) (0xe0 | (c >> 12));
        buffer[count++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buffer[count++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return this;
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

  private void flushBuffer() throws IOException {
    if (count > 0) {
      out.write(buffer, 0, count);
      count = 0;
    }
  }
}
