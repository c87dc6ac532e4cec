package dev.mypi.core.storage;

/**
 * Thrown by {@link BlobStore#put} when the data do not match the SHA-256 or size promised in
 * {@link PutOptions}; nothing was stored.
 */
public final class ContentMismatchException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code key}, e.g. with detail {@code "expected 10 bytes, got 12"}. */
  public ContentMismatchException(BlobKey key, String detail) {
    super(key, detail);
  }
}
