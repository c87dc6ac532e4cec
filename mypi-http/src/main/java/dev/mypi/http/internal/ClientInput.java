package dev.mypi.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request body that remembers whether reading it failed, so that the servlet can tell a client
 * that stalled or went away (answered 408, never 500) from a storage failure behind the same
 * {@link IOException}.
 */
public final class ClientInput extends FilterInputStream {
  private volatile @Nullable IOException failure;

  /** Wraps the request body {@code in}. */
  public ClientInput(InputStream in) {
    super(in);
  }

  /** Returns the failure of a read, or null when every read so far succeeded. */
  public @Nullable IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
