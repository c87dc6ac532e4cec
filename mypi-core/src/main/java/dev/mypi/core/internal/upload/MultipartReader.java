package dev.mypi.core.internal.upload;

import dev.mypi.core.upload.InvalidUploadException;
import dev.mypi.core.upload.UploadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Splits a multipart body into parts over one reusable buffer.
 *
 * <p>The delimiter searched for is {@code "\n--" + boundary}; a {@code \r} right before it belongs
 * to the delimiter too, so both CRLF and bare-LF bodies work. The stream is read as if it started
 * with {@code "\r\n"}, which makes a boundary on the first line an ordinary delimiter. Bytes that
 * could still be the start of a delimiter (its length) are held back until more input arrives, so
 * data is handed out in large slices without copying it twice or allocating per byte.
 *
 * <p>Part bodies are searched by sampling: with a delimiter of length {@code m}, only every {@code
 * m}-th byte is looked at, since each occurrence covers exactly one sampled byte. A sampled byte
 * that does not occur in the delimiter rules out the {@code m} starts around it at once; one that
 * does names the few starts it could belong to ({@link #starts}), and only those are compared. On
 * file content, which rarely holds the boundary's bytes, that is one table lookup per {@code m}
 * bytes, and unlike Boyer-Moore-Horspool the next position to read never depends on the byte just
 * read, so the processor overlaps the reads (the search alone: about four times Horspool's speed on
 * random data; with the reader's copies, JMH {@code MultipartReaderBenchmark}: 1.7 times). The worst
 * case stays {@code O(n * m)}, as Horspool's.
 *
 * <p>Use: {@link #skipPreamble}, then per part {@link #readDelimiterSuffix} (true at the close
 * delimiter), {@link #readHeaders}, and the body through {@link #body()}.
 */
final class MultipartReader {
  static final int BUFFER_SIZE = 128 * 1024;

  private final InputStream in;
  private final byte[] delimiter;
  /**
   * For each byte value, the offsets in {@link #delimiter} holding it, highest first, so that the
   * starts they imply come lowest first; null for a byte the delimiter does not contain.
   */
  private final int[][] starts = new int[256][];
  private final byte[] buf;
  private final PartBody body = new PartBody();
  private int pos;
  private int end;
  private boolean eof;

  MultipartReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int m = delimiter.length;
    for (int j = m - 1; j >= 0; j--) {
      int c = delimiter[j] & 0xff;
      int[] offsets = starts[c] == null ? new int[1] : Arrays.copyOf(starts[c], starts[c].length + 1);
      offsets[offsets.length - 1] = j;
      starts[c] = offsets;
    }
    this.buf = new byte[Math.max(BUFFER_SIZE, 4 * m)];
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
  }

  /** Discards everything before the first delimiter, at most {@code limit} bytes. */
  void skipPreamble(int limit) throws IOException {
    body.start();
    byte[] scratch = new byte[4096];
    long skipped = 0;
    int n;
    while ((n = body.read(scratch, 0, scratch.length)) >= 0) {
      skipped += n;
      if (skipped > limit) {
        throw new UploadTooLargeException(
            "Multipart preamble too large: limit is "
                + limit
                + " bytes before the first boundary (UploadLimits.maxPartHeaderBytes)",
            "maxPartHeaderBytes",
            limit);
      }
    }
  }

  /**
   * Reads what follows a delimiter: {@code --} for the close delimiter (returns true; the epilogue
   * is left unread), else optional transport padding and a line end (returns false).
   */
  boolean readDelimiterSuffix() throws IOException {
    if (!ensure(2)) {
      throw truncated();
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      pos += 2;
      return true;
    }
    for (int padding = 0; ; padding++) {
      if (!ensure(1)) {
        throw truncated();
      }
      byte c = buf[pos];
      if ((c == ' ' || c == '\t') && padding < 256) {
        pos++;
      } else if (c == '\n') {
        pos++;
        return false;
      } else if (c == '\r') {
        if (!ensure(2)) {
          throw truncated();
        }
        if (buf[pos + 1] != '\n') {
          throw malformed();
        }
        pos += 2;
        return false;
      } else {
        throw malformed();
      }
    }
  }

  /**
   * Reads a part's header lines up to the empty line, unfolding continuation lines. Each line is
   * decoded as UTF-8 (requests sends non-ASCII filenames raw).
   */
  List<String> readHeaders(int limit) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int total = 0;
    while (true) {
      if (!ensure(1)) {
        throw truncated();
      }
      byte c = buf[pos++];
      if (++total > limit) {
        throw new UploadTooLargeException(
            "Part headers too large: limit is " + limit + " bytes (UploadLimits.maxPartHeaderBytes)",
            "maxPartHeaderBytes",
            limit);
      }
      if (c != '\n') {
        line.write(c);
        continue;
      }
      byte[] bytes = line.toByteArray();
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
      line.reset();
      if (length == 0) {
        return lines;
      }
      String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
      if ((text.charAt(0) == ' ' || text.charAt(0) == '\t') && !lines.isEmpty()) {
        int last = lines.size() - 1;
        lines.set(last, lines.get(last) + " " + text.strip());
      } else {
        lines.add(text);
      }
    }
  }

  /** Returns the body of the part whose headers were just read; it ends at the next delimiter. */
  PartBody body() {
    body.start();
    return body;
  }

  /** Discards what is left of the current part's body. */
  void skipBody() throws IOException {
    byte[] scratch = new byte[8192];
    while (body.read(scratch, 0, scratch.length) >= 0) {
      // discard
    }
  }

  private boolean ensure(int count) throws IOException {
    while (end - pos < count) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Moves unread bytes to the front and reads more; false at end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      body.shifted(pos);
      end -= pos;
      pos = 0;
    }
    while (true) {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        return false;
      }
      if (n > 0) {
        end += n;
        return true;
      }
    }
  }

  /** Returns the index of the first full delimiter in {@code buf[from, end)}, or -1. */
  private int search(int from) {
    int m = delimiter.length;
    int limit = end - m;
    // The windows [p - m + 1, p] tile buf[from, end): a delimiter starting at i lies in the window
    // of the one sampled p in [i, i + m - 1], and buf[p] is then its byte at p - i.
    for (int p = from + m - 1; p < end; p += m) {
      int[] offsets = starts[buf[p] & 0xff];
      if (offsets == null) {
        continue;
      }
      for (int j : offsets) {
        int i = p - j;
        if (i <= limit && matches(i)) {
          return i;
        }
      }
    }
    return -1;
  }

  private boolean matches(int at) {
    for (int k = 0; k < delimiter.length; k++) {
      if (buf[at + k] != delimiter[k]) {
        return false;
      }
    }
    return true;
  }

  static InvalidUploadException truncated() {
    return new InvalidUploadException(
        "Truncated upload: the multipart body ended before its closing boundary");
  }

  private static InvalidUploadException malformed() {
    return new InvalidUploadException(
        "Malformed multipart body: a boundary line has unexpected characters after the boundary");
  }

  /**
   * The body of the current part (or the preamble); one instance, restarted per part. Besides the
   * stream's reads it reads into a {@link ByteBuffer} ({@link #read(ByteBuffer)}), copying straight
   * from the reader's buffer into, say, a native buffer with no array in between.
   */
  final class PartBody extends InputStream {
    private int scanFrom;
    private int delimiterAt;
    private int dataEnd;
    private boolean done;
    private final byte[] one = new byte[1];

    private PartBody() {}

    void start() {
      scanFrom = pos;
      delimiterAt = -1;
      dataEnd = -1;
      done = false;
    }

    void shifted(int by) {
      scanFrom = Math.max(0, scanFrom - by);
      // delimiterAt is never set while a refill is needed
    }

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = next(len);
      if (n > 0) {
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
      }
      return n;
    }

    /**
     * Reads up to {@code dst.remaining()} bytes of the part into {@code dst}; returns how many, at
     * least one unless {@code dst} is full, or -1 at the end of the part.
     */
    int read(ByteBuffer dst) throws IOException {
      if (done) {
        return -1;
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
      int n = next(dst.remaining());
      if (n > 0) {
        dst.put(buf, pos, n);
        pos += n;
      }
      return n;
    }

    /**
     * Returns how many bytes of the part, at most {@code len} (positive) and at least one, start at
     * {@code pos}, reading more input when needed; or -1 (and steps past the delimiter) at its end.
     */
    private int next(int len) throws IOException {
      int m = delimiter.length;
      while (true) {
        if (delimiterAt >= 0) {
          int available = dataEnd - pos;
          if (available <= 0) {
            pos = delimiterAt + m;
            done = true;
            return -1;
          }
          return Math.min(len, available);
        }
        int found = search(Math.max(scanFrom, pos));
        if (found >= 0) {
          delimiterAt = found;
          dataEnd = found > pos && buf[found - 1] == '\r' ? found - 1 : found;
          continue;
        }
        scanFrom = Math.max(pos, end - m + 1);
        // Hold back m bytes: a delimiter may start in the last m - 1, and a CR may precede it.
        int safe = end - m;
        if (safe > pos) {
          return Math.min(len, safe - pos);
        }
        if (!fill()) {
          throw truncated();
        }
      }
    }
  }
}
