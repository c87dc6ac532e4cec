package dev.mypi.core.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a store knows about one blob: its key, size, last-modified time, an entity tag and, when the
 * store knows it, the SHA-256 of its bytes.
 *
 * <p>The {@link #etag()} is a strong validator: two {@code BlobInfo}s of the same key with the same
 * etag describe byte-identical content. It is opaque and contains only printable ASCII without
 * {@code "}, so the HTTP layer can send it quoted as {@code ETag: "<etag>"}.
 */
public final class BlobInfo {
  private final BlobKey key;
  private final long size;
  private final Instant lastModified;
  private final String etag;
  private final @Nullable String sha256;

  private BlobInfo(BlobKey key, long size, Instant lastModified, String etag, @Nullable String sha256) {
    this.key = key;
    this.size = size;
    this.lastModified = lastModified;
    this.etag = etag;
    this.sha256 = sha256;
  }

  /**
   * Returns the info of a blob whose SHA-256 the store does not know.
   *
   * @throws IllegalArgumentException if {@code key} is the root, {@code size} is negative, or {@code
   *     etag} is empty or has characters other than printable ASCII without {@code "}
   */
  public static BlobInfo of(BlobKey key, long size, Instant lastModified, String etag) {
    if (key.isRoot()) {
      throw new IllegalArgumentException("the root key names no blob");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + key);
    }
    if (etag.isEmpty() || !etag.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"')) {
      throw new IllegalArgumentException("invalid etag '" + etag + "' for " + key);
    }
    return new BlobInfo(key, size, requireNonNull(lastModified), etag, null);
  }

  /**
   * Returns a copy that records {@code sha256Hex} as the SHA-256 of the content.
   *
   * @throws IllegalArgumentException if {@code sha256Hex} is not 64 hex digits
   */
  public BlobInfo withSha256(String sha256Hex) {
    return new BlobInfo(key, size, lastModified, etag, PutOptions.checkSha256(sha256Hex));
  }

  /** Returns the blob's key. */
  public BlobKey key() {
    return key;
  }

  /** Returns the blob's size in bytes. */
  public long size() {
    return size;
  }

  /** Returns when the blob was last written. */
  public Instant lastModified() {
    return lastModified;
  }

  /** Returns the blob's entity tag, a strong validator (see the class documentation). */
  public String etag() {
    return etag;
  }

  /** Returns the lower-case hex SHA-256 of the content, or empty if the store does not know it. */
  public Optional<String> sha256() {
    return Optional.ofNullable(sha256);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof BlobInfo)) {
      return false;
    }
    BlobInfo that = (BlobInfo) o;
    return key.equals(that.key)
        && size == that.size
        && lastModified.equals(that.lastModified)
        && etag.equals(that.etag)
        && Objects.equals(sha256, that.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, lastModified, etag, sha256);
  }

  @Override
  public String toString() {
    return "BlobInfo{key=" + key + ", size=" + size + ", lastModified=" + lastModified + ", etag=" + etag
        + (sha256 == null ? "" : ", sha256=" + sha256) + "}";
  }
}
