package dev.mypi.core;

import dev.mypi.core.simple.SimpleFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A simple page rendered once and served many times: its bytes, a gzip-compressed copy made on
 * first use, and a strong entity tag that changes whenever the page can change (it is derived
 * from the project's serial and the format).
 *
 * <p>A body of {@value #NATIVE_MIN_LENGTH} bytes or more (a root page, a project with many files)
 * is kept once, in native memory, and not on the heap: a server writes it to a socket from there
 * without the copy into a temporary native buffer that the JDK makes for heap buffers, and the
 * heap does not have to make room for megabytes per page (the root page of 100,000 projects is
 * about 5 MB in each format). Its gzip-compressed copy is kept the same way once it reaches that
 * length.
 */
public final class RenderedPage {
  /** Bodies at least this long are kept in native memory only: 64 KiB. */
  static final int NATIVE_MIN_LENGTH = 64 * 1024;
  private static final int COPY_CHUNK = 64 * 1024;

  private final SimpleFormat format;
  /** The body: a read-only buffer over a heap array for short pages, in native memory for long ones. */
  private final ByteBuffer body;
  /** The array behind {@link #body} for short pages, null for long ones. */
  private final byte @Nullable [] array;
  private final String etag;
  private final long serial;
  private final String gzipEtag;
  private final String serialText;
  private volatile @Nullable ByteBuffer gzipped;
  /** Guards the lazy compression, so that it is done once however many requests arrive at once. */
  private final Object lock = new Object();

  /**
   * Creates a page. A short {@code body} is kept, not copied: the caller must not change it. A body
   * of {@value #NATIVE_MIN_LENGTH} bytes or more is copied into native memory and not kept.
   */
  public RenderedPage(SimpleFormat format, byte[] body, String etag, long serial) {
    this.format = format;
    this.body = readOnly(body);
    this.array = body.length < NATIVE_MIN_LENGTH ? body : null;
    this.etag = etag;
    this.serial = serial;
    // computed once here rather than on every request that serves the page
    this.gzipEtag = etag.endsWith("\"") ? etag.substring(0, etag.length() - 1) + "-gz\"" : etag + "-gz";
    this.serialText = Long.toString(serial);
  }

  /** Returns the representation the page was rendered in. */
  public SimpleFormat format() {
    return format;
  }

  /** Returns the length of the uncompressed body in bytes. */
  public int length() {
    return body.capacity();
  }

  /** Writes the uncompressed body to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    byte[] a = array;
    if (a != null) {
      out.write(a);
    } else {
      copy(body.duplicate(), out);
    }
  }

  /**
   * Returns the body compressed with gzip, as a new array. The compression is done once: requests
   * that ask while it is being done wait for it rather than compressing a copy of their own.
   */
  public byte[] gzipped() {
    return toArray(gzippedBuffer());
  }

  /**
   * Returns the uncompressed body as a read-only buffer of its own (position 0, limit the length),
   * for a server that writes buffers to a socket; long bodies are in native memory (see above).
   */
  public ByteBuffer buffer() {
    return body.duplicate();
  }

  /** Returns the gzip-compressed body as {@link #buffer()} returns the body; compressed on first use. */
  public ByteBuffer gzippedBuffer() {
    ByteBuffer z = gzipped;
    if (z == null) {
      synchronized (lock) {
        z = gzipped;
        if (z == null) {
          z = gzipped = readOnly(compress());
        }
      }
    }
    return z.duplicate();
  }

  /**
   * Returns whether the gzip-compressed copy has been made, so that {@link #gzippedBuffer()}
   * returns at once without compressing.
   */
  public boolean hasGzipped() {
    return gzipped != null;
  }

  private byte[] compress() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.max(64, length() / 4));
    try (GZIPOutputStream gz =
        new GZIPOutputStream(buf, 8192) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      writeTo(gz);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** Writes the remaining bytes of a native buffer to {@code out}, through a small array. */
  private static void copy(ByteBuffer source, OutputStream out) throws IOException {
    byte[] chunk = new byte[Math.min(COPY_CHUNK, source.remaining())];
    while (source.hasRemaining()) {
      int n = Math.min(chunk.length, source.remaining());
      source.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  private static ByteBuffer readOnly(byte[] bytes) {
    if (bytes.length < NATIVE_MIN_LENGTH) {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Returns the uncompressed body as a copy. */
  public byte[] toByteArray() {
    byte[] a = array;
    return a != null ? a.clone() : toArray(body.duplicate());
  }

  /** Returns the strong entity tag, quoted, e.g. {@code "s42-json"}. */
  public String etag() {
    return etag;
  }

  /**
   * Returns the strong entity tag of the gzip-compressed representation: a different
   * representation needs a different strong tag (RFC 9110 §8.8.3).
   */
  public String gzipEtag() {
    return gzipEtag;
  }

  /** Returns {@link #serial()} as decimal text, e.g. for an {@code X-PyPI-Last-Serial} header. */
  public String serialText() {
    return serialText;
  }

  /** Returns the serial of the last change the page shows. */
  public long serial() {
    return serial;
  }
}
