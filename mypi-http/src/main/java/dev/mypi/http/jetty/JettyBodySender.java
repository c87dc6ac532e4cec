package dev.mypi.http.jetty;

import dev.mypi.http.BodySender;
import jakarta.servlet.ServletOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A {@link BodySender} for Jetty 12 (ee10), as close to zero-copy as Jetty allows. Jetty 12 has no
 * {@code sendfile}; what it offers is to write a whole {@link ByteBuffer} to the socket without
 * copying it into its own buffers ({@link HttpOutput#write(ByteBuffer)}). So:
 *
 * <ul>
 *   <li>a page goes to Jetty as one buffer (large pages are kept in native memory by {@code
 *       RenderedPage.buffer()}, so the kernel reads them straight from there);
 *   <li>a file region of 256 KiB or more is memory-mapped, 16 MiB at a time; the kernel copies
 *       each mapping to the socket straight from the page cache, and it is unmapped as soon as
 *       Jetty has written it, so that mappings do not pile up in the resident set until a garbage
 *       collection. A smaller region is read into one buffer and sent in one write.
 * </ul>
 *
 * <p>For an output stream that is not Jetty's own (a filter wrapped it) and on a JVM where mappings
 * cannot be released at once, it falls back to {@link BodySender#portable()} for files. The
 * standalone server offers it to the servlet as the context attribute {@value
 * BodySender#CONTEXT_ATTRIBUTE}; an embedder running Jetty 12 may do the same or call {@code
 * MypiServlet.Builder.bodySender(JettyBodySender.create())}. This class needs {@code
 * jetty-ee10-servlet} (an optional dependency of mypi-http); the servlet never loads it otherwise.
 */
public final class JettyBodySender implements BodySender {
  /** Regions at least this long are memory-mapped: 256 KiB. */
  static final int MAP_THRESHOLD = 256 * 1024;
  /** Bytes mapped and written at a time: 16 MiB. */
  static final int MAP_CHUNK = 16 * 1024 * 1024;

  private final Unmapper unmapper;
  private final int mapThreshold;
  private final int mapChunk;

  private JettyBodySender(Unmapper unmapper, int mapThreshold, int mapChunk) {
    this.unmapper = unmapper;
    this.mapThreshold = mapThreshold;
    this.mapChunk = mapChunk;
  }

  /** Returns a sender. */
  public static JettyBodySender create() {
    return new JettyBodySender(Unmapper.create(), MAP_THRESHOLD, MAP_CHUNK);
  }

  /** Returns a sender with other sizes, or one that never maps (for tests). */
  static JettyBodySender of(Unmapper unmapper, int mapThreshold, int mapChunk) {
    return new JettyBodySender(unmapper, mapThreshold, mapChunk);
  }

  @Override
  public void sendBuffer(ServletOutputStream out, ByteBuffer body) throws IOException {
    if (out instanceof HttpOutput jetty) {
      jetty.write(body); // a native buffer goes to the socket as it is
    } else {
      BodySender.portable().sendBuffer(out, body);
    }
  }

  @Override
  public void sendFile(ServletOutputStream out, FileChannel file, long position, long length) throws IOException {
    if (!(out instanceof HttpOutput jetty) || (length >= mapThreshold && !unmapper.available())) {
      BodySender.portable().sendFile(out, file, position, length);
    } else if (length < mapThreshold) {
      ByteBuffer buf = ByteBuffer.allocate((int) length);
      while (buf.hasRemaining()) {
        if (file.read(buf, position + buf.position()) < 0) {
          throw truncated(position + buf.position(), position + length);
        }
      }
      jetty.write(buf.flip());
    } else {
      long end = position + length;
      long size = file.size();
      if (size < end) {
        throw truncated(size, end); // mapping past the end would extend nothing but fault on read
      }
      for (long pos = position; pos < end; ) {
        int n = (int) Math.min(mapChunk, end - pos);
        MappedByteBuffer chunk = file.map(FileChannel.MapMode.READ_ONLY, pos, n);
        // Unmapped only once Jetty has written all of it; after a failure Jetty may still hold it,
        // so it is then left to the garbage collector.
        jetty.write(chunk);
        unmapper.unmap(chunk);
        pos += n;
      }
    }
  }

  private static EOFException truncated(long at, long end) {
    return new EOFException("the file ended at byte " + at + " of " + end + ": it was truncated while being sent");
  }

  @Override
  public String toString() {
    return unmapper.available() ? "JettyBodySender[map from " + mapThreshold + " bytes, " + mapChunk + " at a time]" : "JettyBodySender[no mapping]";
  }
}
