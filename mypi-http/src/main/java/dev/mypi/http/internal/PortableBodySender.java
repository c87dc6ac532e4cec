package dev.mypi.http.internal;

import dev.mypi.http.BodySender;
import jakarta.servlet.ServletOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** {@link BodySender#portable()}: Servlet API writes of at most {@value #CHUNK} bytes. */
public final class PortableBodySender implements BodySender {
  /** The shared instance; it holds no state. */
  public static final PortableBodySender INSTANCE = new PortableBodySender();

  /** Bytes per read and write: eight times {@code InputStream.transferTo}'s. */
  public static final int CHUNK = 64 * 1024;

  private PortableBodySender() {}

  @Override
  public void sendBuffer(ServletOutputStream out, ByteBuffer body) throws IOException {
    if (body.hasArray()) {
      out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
      body.position(body.limit());
    } else {
      copy(body, out);
    }
  }

  @Override
  public void sendFile(ServletOutputStream out, FileChannel file, long position, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(length, 1)));
    long pos = position;
    long end = position + length;
    while (pos < end) {
      buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
      int n = file.read(buf, pos);
      if (n < 0) {
        throw new EOFException("the file ended at byte " + pos + " of " + end + ": it was truncated while being sent");
      }
      out.write(buf.array(), 0, n);
      pos += n;
    }
  }

  /** Copies the remaining bytes of {@code body} to {@code out} in chunks of at most {@value #CHUNK} bytes. */
  public static void copy(ByteBuffer body, OutputStream out) throws IOException {
    byte[] chunk = new byte[Math.min(CHUNK, Math.max(body.remaining(), 1))];
    while (body.hasRemaining()) {
      int n = Math.min(chunk.length, body.remaining());
      body.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  /** Copies {@code in} to {@code out} in chunks of {@value #CHUNK} bytes; returns the bytes copied. */
  public static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }
}
