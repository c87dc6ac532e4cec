package dev.mypi.core.version;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The pre-release segment of a {@link Version}: its normalised label and number.
 *
 * @param label {@code a}, {@code b} or {@code rc}
 * @param number the pre-release number, 0 when the version spelled none
 */
public record PreRelease(String label, BigInteger number) {
  /** Validates the label and number. */
  public PreRelease {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(number, "number");
    if (!label.equals("a") && !label.equals("b") && !label.equals("rc")) {
      throw new IllegalArgumentException("Pre-release label must be a, b or rc: " + label);
    }
    if (number.signum() < 0) {
      throw new IllegalArgumentException("Pre-release number must not be negative: " + number);
    }
  }

  /** Returns the normalised spelling, e.g. {@code rc1}. */
  @Override
  public String toString() {
    return label + number;
  }
}
