package dev.mypi.http.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A response that counts the body bytes written to its output stream, for the bytes-sent metric.
 * The servlet wraps a response in one only when it records metrics. The count includes bytes
 * the client may not have received if the connection broke.
 */
public final class CountingResponse extends HttpServletResponseWrapper {
  private @Nullable CountingOutputStream out;
  private long extra;

  /** Wraps {@code response}. */
  public CountingResponse(HttpServletResponse response) {
    super(response);
  }

  /** Returns how many body bytes were written so far. */
  public long bytesWritten() {
    CountingOutputStream o = out;
    return extra + (o == null ? 0 : o.count);
  }

  /**
   * Counts {@code bytes} written to the wrapped response's own stream (bypassing this one, so that
   * a {@link dev.mypi.http.BodySender} sees the container's stream).
   */
  public void count(long bytes) {
    extra += bytes;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream underlying = super.getOutputStream();
    CountingOutputStream o = out;
    if (o == null || o.delegate != underlying) {
      o = new CountingOutputStream(underlying, o == null ? 0 : o.count);
      out = o;
    }
    return o;
  }

  private static final class CountingOutputStream extends ServletOutputStream {
    final ServletOutputStream delegate;
    long count;

    CountingOutputStream(ServletOutputStream delegate, long count) {
      this.delegate = delegate;
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      delegate.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }
}
