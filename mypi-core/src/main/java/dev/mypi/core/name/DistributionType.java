package dev.mypi.core.name;

import java.util.Optional;

/** The kind of a distribution file, with the {@code filetype} form field twine sends for it. */
public enum DistributionType {
  /** A wheel ({@code .whl}, PEP 427). */
  WHEEL("bdist_wheel"),
  /** A source distribution ({@code .tar.gz}, legacy {@code .zip}, {@code .tar.bz2}, ...). */
  SDIST("sdist"),
  /** A legacy egg ({@code .egg}); pip does not install these. */
  EGG("bdist_egg");

  private final String filetype;

  DistributionType(String filetype) {
    this.filetype = filetype;
  }

  /** Returns the legacy upload API {@code filetype} value, e.g. {@code bdist_wheel}. */
  public String filetype() {
    return filetype;
  }

  /** Returns the type whose {@link #filetype()} is {@code filetype}, if any. */
  public static Optional<DistributionType> fromFiletype(String filetype) {
    for (DistributionType t : values()) {
      if (t.filetype.equals(filetype)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
