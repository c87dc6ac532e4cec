package dev.mypi.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request body that remembers whether reading it failed, so that the servlet can tell a client
 * that stalled or went away (answered 408, never 500) from a storage failure behind the same
 * {@link IOException}. It also counts the bytes read, for the bytes-received metric.
 */
public final class ClientInput extends FilterInputStream {
  private volatile @Nullable IOException failure;
  private long bytesRead;

  /** Wraps the request body {@code in}. */
  public ClientInput(InputStream in) {
    super(in);
  }

  /** Returns how many bytes were read (or skipped) so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Returns the failure of a read, or null when every read so far succeeded. */
  public @Nullable IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b >= 0) {
        bytesRead++;
      }
      return b;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = super.read(b, off, len);
      if (n > 0) {
        bytesRead += n;
      }
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = super.skip(n);
      bytesRead += skipped;
      return skipped;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
