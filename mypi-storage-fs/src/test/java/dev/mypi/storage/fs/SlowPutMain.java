package dev.mypi.storage.fs;

import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.PutOptions;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run in a child JVM by {@link FileSystemBlobStoreTest}: puts an endless, slow stream to a key
 * until the test kills the process. Arguments: the store root and the key.
 */
public final class SlowPutMain {
  private SlowPutMain() {}

  /** Puts 1 KiB every 5 ms to {@code args[1]} in the store at {@code args[0]}, forever. */
  public static void main(String[] args) throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.create(Path.of(args[0]));
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'k';
          }

          @Override
          public int read(byte[] b, int off, int len) throws InterruptedIOException {
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              throw new InterruptedIOException();
            }
            int n = Math.min(len, 1024);
            Arrays.fill(b, off, off + n, (byte) 'k');
            return n;
          }
        };
    store.put(BlobKey.of(args[1]), endless, PutOptions.defaults());
    System.err.println("the endless put returned, which it never should");
    System.exit(3);
  }
}
