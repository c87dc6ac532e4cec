package dev.mypi.core.storage;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A failed storage operation on one key. The message starts with the key, e.g. {@code "foo/foo-1.0.tar.gz:
 * cannot write: No space left on device"}.
 *
 * <p>This is an {@link IOException}: storage I/O stays checked at the store boundary, and callers
 * that only care about "it failed" catch {@code IOException}. Subclasses name the outcomes callers
 * act on: {@link BlobAlreadyExistsException} and {@link ContentMismatchException}.
 */
public class StorageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates an exception about {@code key} with {@code detail} and the fault behind it. */
  public StorageException(BlobKey key, String detail, @Nullable Throwable cause) {
    super(key + ": " + detail, cause);
    this.key = key.toString();
  }

  /** Creates an exception about {@code key} with {@code detail}. */
  public StorageException(BlobKey key, String detail) {
    this(key, detail, null);
  }

  /** Returns the key the operation was about. */
  public BlobKey key() {
    return key.isEmpty() ? BlobKey.root() : BlobKey.of(key);
  }
}
