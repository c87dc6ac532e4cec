package dev.mypi.core.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * Shared settings and helpers of the fuzz targets in this package.
 *
 * <p>Every target takes a single {@code byte[]}, so its seed files under {@code
 * <Class>Inputs/<method>/} are the raw input, readable and editable by hand. Without {@code
 * JAZZER_FUZZ} the targets run their seeds as regression tests; the {@code fuzz} surefire execution
 * of {@code mypi-core/pom.xml} sets it and fuzzes each class for {@link #CI_DURATION}.
 */
final class FuzzInputs {
  /** How long the bounded run of {@code mvn verify} fuzzes each target. */
  static final String CI_DURATION = "5s";

  private FuzzInputs() {}

  /** Decodes fuzzer bytes as UTF-8; malformed sequences become U+FFFD, as a servlet would do. */
  static String utf8(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}
