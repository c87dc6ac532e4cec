package dev.mypi.core.upload;

/**
 * The digests an upload form can carry, each with its form field, in increasing order of strength
 * as {@link UploadRules} ranks them: MD5 (broken), BLAKE2b-256, SHA-256 (the one the index
 * publishes).
 */
public enum DigestAlgorithm {
  /** MD5, form field {@code md5_digest}; 32 hex digits. */
  MD5("md5_digest"),
  /** BLAKE2b with a 256-bit digest, form field {@code blake2_256_digest}; 64 hex digits. */
  BLAKE2B_256("blake2_256_digest"),
  /** SHA-256, form field {@code sha256_digest}; 64 hex digits. */
  SHA256("sha256_digest");

  private final String fieldName;

  DigestAlgorithm(String fieldName) {
    this.fieldName = fieldName;
  }

  /** Returns the name of the form field that carries this digest. */
  public String fieldName() {
    return fieldName;
  }
}
