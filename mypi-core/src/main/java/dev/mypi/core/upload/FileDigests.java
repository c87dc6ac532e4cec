package dev.mypi.core.upload;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The digests of an uploaded file as computed by the server, each lowercase hex: SHA-256 always,
 * MD5 and BLAKE2b with a 256-bit digest (PyPI's {@code blake2_256}) when the parser was asked to
 * compute them (see {@link UploadRules#digestsToCompute(Upload)}).
 *
 * @param md5 32 lowercase hex digits, or null when not computed
 * @param sha256 64 lowercase hex digits
 * @param blake2b256 64 lowercase hex digits, or null when not computed
 */
public record FileDigests(@Nullable String md5, String sha256, @Nullable String blake2b256) {
  private static final Pattern HEX_32 = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Creates the digests.
   *
   * @throws IllegalArgumentException if a digest is not lowercase hex of the right length
   */
  public FileDigests {
    if (md5 != null) {
      checkHex(HEX_32, md5, "md5");
    }
    checkHex(HEX_64, sha256, "sha256");
    if (blake2b256 != null) {
      checkHex(HEX_64, blake2b256, "blake2b256");
    }
  }

  /** Returns the digest computed with {@code algorithm}, or null if it was not computed. */
  public @Nullable String get(DigestAlgorithm algorithm) {
    return switch (algorithm) {
      case MD5 -> md5;
      case BLAKE2B_256 -> blake2b256;
      case SHA256 -> sha256;
    };
  }

  private static void checkHex(Pattern pattern, String value, String name) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("Not a lowercase hex " + name + " digest: " + value);
    }
  }
}
