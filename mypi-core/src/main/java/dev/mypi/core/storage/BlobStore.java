package dev.mypi.core.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A flat store of immutable-by-default byte blobs under {@link BlobKey}s: the storage SPI of mypi.
 * The package documentation ({@link dev.mypi.core.storage}) states the contract every
 * implementation follows; {@code BlobStoreContract} in mypi-core's test jar checks it.
 *
 * <pre>{@code
 * BlobStore store = InMemoryBlobStore.create();      // or FileSystemBlobStore.create(path)
 * BlobKey key = BlobKey.of("foo/foo-1.0.tar.gz");
 * store.put(key, upload, PutOptions.defaults());     // BlobAlreadyExistsException if present
 * try (Blob blob = store.open(key).orElseThrow(); InputStream in = blob.openStream()) { ... }
 * }</pre>
 *
 * <p>Implementations are thread-safe. Every method except {@link #close()} throws {@link
 * IllegalArgumentException} when given the {@linkplain BlobKey#root() root key} as a blob key, and
 * {@link IllegalStateException} after {@code close()}.
 */
public interface BlobStore extends Closeable {
  /**
   * Stores the bytes of {@code data} (read to its end, not closed) at {@code key}, atomically: on
   * success the whole content is visible at once; on any failure nothing new is visible and an
   * existing blob is unchanged.
   *
   * <p>Create-only by default: if a blob exists at {@code key} the put fails with {@link
   * BlobAlreadyExistsException}, and of several racing create-only puts of one key exactly one
   * succeeds. With {@link PutOptions#overwrite()} an existing blob is replaced atomically (readers
   * see the old or the new content, never a mix).
   *
   * @return the info of the stored blob, with {@link BlobInfo#sha256()} present
   * @throws BlobAlreadyExistsException if create-only and the key exists
   * @throws ContentMismatchException if the data do not match {@code options}' size or SHA-256
   * @throws IOException if reading {@code data} or writing fails; nothing is stored
   */
  BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException;

  /**
   * Stores the content of the local file {@code file} at {@code key}, with the same semantics as
   * {@link #put(BlobKey, InputStream, PutOptions)}: atomic, create-only unless {@link
   * PutOptions#overwrite()}, verified against the options' size and SHA-256.
   *
   * <p>The default implementation streams the file through {@code put(BlobKey, InputStream,
   * PutOptions)}; every store works with it. A store that keeps blobs as local files may instead
   * adopt the file without copying it, for example by hard-linking it into place when it lies on
   * the store's file system. The file itself stays where it is and the caller still owns it (it
   * deletes it when done), but it must not write to it after the call: the blob may share its
   * content.
   *
   * @param file a regular file, fully written; it must not change during the call
   * @return the info of the stored blob, with {@link BlobInfo#sha256()} present
   * @throws BlobAlreadyExistsException if create-only and the key exists
   * @throws ContentMismatchException if the file does not match {@code options}' size or SHA-256
   * @throws IOException if reading the file or writing fails; nothing is stored
   */
  default BlobInfo put(BlobKey key, Path file, PutOptions options) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in, options);
    }
  }

  /**
   * Opens the whole blob at {@code key}, or returns empty if there is none.
   *
   * @throws IOException if the blob exists but cannot be opened; the message names the key
   */
  Optional<Blob> open(BlobKey key) throws IOException;

  /**
   * Opens {@code range} of the blob at {@code key}, or returns empty if there is none.
   *
   * @throws RangeNotSatisfiableException if the blob exists and {@code range} does not fit in it
   * @throws IOException if the blob exists but cannot be opened; the message names the key
   */
  Optional<Blob> open(BlobKey key, ByteRange range) throws IOException;

  /**
   * Returns the info of the blob at {@code key}, or empty if there is none.
   *
   * @throws IOException if the store cannot be read; the message names the key
   */
  Optional<BlobInfo> stat(BlobKey key) throws IOException;

  /**
   * Returns every blob whose key {@linkplain BlobKey#startsWith starts with} {@code prefix}
   * (segment-wise; the root lists everything), sorted by key. The stream is lazy and paginated by
   * the implementation; blobs put or deleted while it is consumed may or may not appear. Close it.
   *
   * @throws IOException if listing cannot start; failures while the stream is consumed are thrown
   *     as {@link java.io.UncheckedIOException} wrapping a {@link StorageException}
   */
  Stream<BlobInfo> list(BlobKey prefix) throws IOException;

  /**
   * Deletes the blob at {@code key}.
   *
   * @return true if a blob was deleted, false if there was none
   * @throws IOException if the blob exists but cannot be deleted; the message names the key
   */
  boolean delete(BlobKey key) throws IOException;
}
