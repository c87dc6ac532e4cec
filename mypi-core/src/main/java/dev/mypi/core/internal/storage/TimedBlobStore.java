package dev.mypi.core.internal.storage;

import dev.mypi.core.IndexListener;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} that reports the duration of every call on another one to an {@link
 * IndexListener}. {@code open} and {@code list} are timed until they return, not while the blob
 * or stream is consumed. Every call, {@link #put(BlobKey, Path, PutOptions)} included, goes to the
 * same method of the wrapped store, so a store that links a file into place rather than copying it
 * (the file-system store) still does. Closing it closes nothing: the store belongs to whoever
 * created it.
 */
public final class TimedBlobStore implements BlobStore {
  private final BlobStore store;
  private final IndexListener listener;

  private TimedBlobStore(BlobStore store, IndexListener listener) {
    this.store = store;
    this.listener = listener;
  }

  /** Returns {@code store} timed into {@code listener}, or {@code store} itself for {@link IndexListener#none()}. */
  public static BlobStore wrap(BlobStore store, IndexListener listener) {
    return listener == IndexListener.none() ? store : new TimedBlobStore(store, listener);
  }

  /** One call on the wrapped store. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  /** Runs {@code call} and reports its duration as {@code operation}, successful if it returned. */
  private <T> T timed(String operation, Call<T> call) throws IOException {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = call.run();
      ok = true;
      return result;
    } finally {
      listener.storageCall(operation, System.nanoTime() - start, ok);
    }
  }

  @Override
  public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
    return timed("put", () -> store.put(key, data, options));
  }

  /**
   * Times the wrapped store's own {@code put(BlobKey, Path, PutOptions)}: the default method
   * would stream the file, which made the file-system store write and fsync every upload twice.
   */
  @Override
  public BlobInfo put(BlobKey key, Path file, PutOptions options) throws IOException {
    return timed("put", () -> store.put(key, file, options));
  }

  @Override
  public Optional<Blob> open(BlobKey key) throws IOException {
    return timed("open", () -> store.open(key));
  }

  @Override
  public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
    return timed("open", () -> store.open(key, range));
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws IOException {
    return timed("stat", () -> store.stat(key));
  }

  @Override
  public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
    return timed("list", () -> store.list(prefix));
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    return timed("delete", () -> store.delete(key));
  }

  /** Does nothing: the wrapped store is closed by its owner. */
  @Override
  public void close() {}
}
