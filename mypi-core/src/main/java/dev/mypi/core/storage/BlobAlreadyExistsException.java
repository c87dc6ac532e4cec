package dev.mypi.core.storage;

/**
 * Thrown by a create-only {@link BlobStore#put} when a blob already exists at the key. The existing
 * blob is unchanged. When several callers race to create one key, all but one get this exception.
 */
public final class BlobAlreadyExistsException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code key}. */
  public BlobAlreadyExistsException(BlobKey key) {
    super(key, "a blob already exists at this key");
  }
}
