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
 */
public final class RenderedPage {
  private final SimpleFormat format;
  private final byte[] body;
  private final String etag;
  private final long serial;
  private final String gzipEtag;
  private final String serialText;
  private volatile byte @Nullable [] gzipped;
  private volatile @Nullable ByteBuffer buffer;
  private volatile @Nullable ByteBuffer gzippedBuffer;
  /** Guards the lazy copies above, so that each is made once. */
  private final Object lock = new Object();

  /** Bodies at least this long are also kept in native memory for {@link #buffer()}: 64 KiB. */
  static final int NATIVE_MIN_LENGTH = 64 * 1024;

  /** Creates a page; {@code body} is kept, not copied: the caller must not change it. */
  public RenderedPage(SimpleFormat format, byte[] body, String etag, long serial) {
    this.format = format;
    this.body = body;
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
    return body.length;
  }

  /** Writes the uncompressed body to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(body);
  }

  /**
   * Returns the body compressed with gzip, computed once: requests that ask while it is being
   * computed wait for it rather than compressing (and holding) a copy of their own.
   */
  public byte[] gzipped() {
    byte[] z = gzipped;
    if (z != null) {
      return z;
    }
    synchronized (lock) {
      z = gzipped;
      if (z != null) {
        return z;
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.max(64, body.length / 4));
      try (GZIPOutputStream gz =
          new GZIPOutputStream(buf, 8192) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          }) {
        gz.write(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      z = buf.toByteArray();
      gzipped = z;
      return z;
    }
  }

  /**
   * Returns the uncompressed body as a read-only buffer of its own (position 0, limit the length),
   * for a server that writes buffers to a socket. A body of 64 KiB or more (a root page, a project
   * with many files) is copied once into native memory on first use, so every later write goes to
   * the socket without the copy into a temporary native buffer that the JDK makes for heap buffers.
   */
  public ByteBuffer buffer() {
    ByteBuffer b = buffer;
    if (b == null) {
      synchronized (lock) { // one native copy, however many requests arrive at once
        b = buffer;
        if (b == null) {
          b = buffer = readOnly(body);
        }
      }
    }
    return b.duplicate();
  }

  /** Returns {@link #gzipped()} as {@link #buffer()} returns the body. */
  public ByteBuffer gzippedBuffer() {
    ByteBuffer b = gzippedBuffer;
    if (b == null) {
      byte[] z = gzipped();
      synchronized (lock) {
        b = gzippedBuffer;
        if (b == null) {
          b = gzippedBuffer = readOnly(z);
        }
      }
    }
    return b.duplicate();
  }

  private static ByteBuffer readOnly(byte[] bytes) {
    if (bytes.length < NATIVE_MIN_LENGTH) {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  /** Returns the uncompressed body as a copy. */
  public byte[] toByteArray() {
    return body.clone();
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
