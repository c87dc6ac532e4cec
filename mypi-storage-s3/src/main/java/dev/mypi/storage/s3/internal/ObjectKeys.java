package dev.mypi.storage.s3.internal;

import dev.mypi.core.storage.BlobKey;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link BlobKey}s to S3 object keys under an optional prefix ({@code mypi/} turns {@code
 * files/foo/x.whl} into {@code mypi/files/foo/x.whl}) and back.
 *
 * @param prefix empty, or a {@code /}-terminated prefix without a leading {@code /}
 */
public record ObjectKeys(String prefix) {
  /**
   * Returns the mapping for {@code prefix}, normalised: empty stays empty, anything else gets a
   * trailing {@code /}.
   *
   * @throws IllegalArgumentException if the prefix starts with {@code /} or is not a valid key
   */
  public static ObjectKeys of(String prefix) {
    String p = prefix;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      if (!prefix.isEmpty()) {
        throw new IllegalArgumentException("an S3 key prefix cannot be only slashes: '" + prefix + "'");
      }
      return new ObjectKeys("");
    }
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("an S3 key prefix cannot start with '/': '" + prefix + "'");
    }
    BlobKey.of(p); // validates the segments: the prefix becomes part of every key
    return new ObjectKeys(p + "/");
  }

  /** Returns the object key of {@code key}. */
  public String objectKey(BlobKey key) {
    return prefix + key;
  }

  /** Returns the S3 list prefix that finds every object below {@code key} ({@code key/…}). */
  public String childrenPrefix(BlobKey key) {
    return key.isRoot() ? prefix : prefix + key + "/";
  }

  /**
   * Returns the blob key of an object key under the prefix, or null if the object is outside it.
   *
   * @throws dev.mypi.core.storage.InvalidBlobKeyException if the rest is not a valid key
   */
  public @Nullable BlobKey blobKey(String objectKey) {
    if (!objectKey.startsWith(prefix) || objectKey.length() == prefix.length()) {
      return null;
    }
    return BlobKey.of(objectKey.substring(prefix.length()));
  }
}
