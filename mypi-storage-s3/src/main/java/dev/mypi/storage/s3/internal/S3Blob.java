package dev.mypi.storage.s3.internal;

import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.ByteRange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A blob opened with one {@code GetObject}: the response is already under way, so the content is
 * the object as it was when opened, whatever later puts do to the key. Closing a blob whose
 * content was not read to the end aborts the response rather than draining it.
 */
public final class S3Blob implements Blob {
  private final BlobInfo info;
  private final ByteRange range;
  private final @Nullable ResponseInputStream<?> response;
  private boolean streamOpened;
  private boolean closed;
  private long unread;

  /**
   * Returns a blob serving {@code range} of the object described by {@code info}, from {@code
   * response} (null for a zero-length range, which needs no request).
   */
  public S3Blob(BlobInfo info, ByteRange range, @Nullable ResponseInputStream<?> response) {
    this.info = info;
    this.range = range;
    this.response = response;
    this.unread = range.length();
  }

  @Override
  public BlobInfo info() {
    return info;
  }

  @Override
  public ByteRange range() {
    return range;
  }

  @Override
  public InputStream openStream() {
    if (closed || streamOpened) {
      throw new IllegalStateException("openStream() may be called once, before close()");
    }
    streamOpened = true;
    if (response == null) {
      return InputStream.nullInputStream();
    }
    return new FilterInputStream(response) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          unread--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          unread -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        S3Blob.this.close();
      }
    };
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (response != null) {
      if (unread > 0) {
        response.abort(); // do not read the rest of a large object just to reuse the connection
      }
      response.close();
    }
  }
}
