package dev.mypi.core.upload;

import java.util.regex.Pattern;

/**
 * The digests of an uploaded file as computed by the server, each lowercase hex: MD5, SHA-256 and
 * BLAKE2b with a 256-bit digest (PyPI's {@code blake2_256}).
 *
 * @param md5 32 lowercase hex digits
 * @param sha256 64 lowercase hex digits
 * @param blake2b256 64 lowercase hex digits
 */
public record FileDigests(String md5, String sha256, String blake2b256) {
  private static final Pattern HEX_32 = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Creates the digests.
   *
   * @throws IllegalArgumentException if a digest is not lowercase hex of the right length
   */
  public FileDigests {
    checkHex(HEX_32, md5, "md5");
    checkHex(HEX_64, sha256, "sha256");
    checkHex(HEX_64, blake2b256, "blake2b256");
  }

  private static void checkHex(Pattern pattern, String value, String name) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("Not a lowercase hex " + name + " digest: " + value);
    }
  }
}
