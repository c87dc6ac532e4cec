package dev.mypi.core.name;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Objects;

/**
 * The optional build tag of a wheel filename ({@code foo-1.0-1abc-py3-none-any.whl} has number 1
 * and suffix {@code abc}). Build tags sort by number, then by suffix.
 *
 * @param number the leading digits
 * @param suffix the rest of the tag, possibly empty
 */
public record BuildTag(BigInteger number, String suffix) implements Comparable<BuildTag> {
  private static final Comparator<BuildTag> ORDER =
      Comparator.comparing(BuildTag::number).thenComparing(BuildTag::suffix);

  /** Validates the parts. */
  public BuildTag {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(suffix, "suffix");
    if (number.signum() < 0) {
      throw new IllegalArgumentException("Build number must not be negative: " + number);
    }
  }

  @Override
  public int compareTo(BuildTag o) {
    return ORDER.compare(this, o);
  }

  /** Returns the tag as written in a filename, e.g. {@code 1abc}. */
  @Override
  public String toString() {
    return number + suffix;
  }
}
