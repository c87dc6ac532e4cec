package dev.mypi.core.metadata;

import com.google.common.collect.ImmutableList;
import java.util.Locale;
import java.util.Optional;

/** The archive formats {@link MetadataReader} reads, recognised by filename extension. */
public enum ArchiveFormat {
  /** A wheel ({@code .whl}): a zip with {@code <name>-<version>.dist-info/METADATA}. */
  WHEEL(".whl"),
  /** A gzip-compressed tar sdist ({@code .tar.gz}, {@code .tgz}) with {@code <top>/PKG-INFO}. */
  SDIST_TAR_GZ(".tar.gz", ".tgz"),
  /** A legacy zip sdist ({@code .zip}) with {@code <top>/PKG-INFO}. */
  SDIST_ZIP(".zip"),
  /** A legacy bzip2-compressed tar sdist ({@code .tar.bz2}) with {@code <top>/PKG-INFO}. */
  SDIST_TAR_BZ2(".tar.bz2"),
  /** A legacy egg ({@code .egg}): a zip with {@code EGG-INFO/PKG-INFO}. */
  EGG(".egg");

  private final ImmutableList<String> extensions;

  ArchiveFormat(String... extensions) {
    this.extensions = ImmutableList.copyOf(extensions);
  }

  /**
   * Returns the format for a distribution filename by its extension (ignoring letter case), or
   * empty if it is none of the supported ones.
   */
  public static Optional<ArchiveFormat> fromFilename(String filename) {
    String lower = filename.toLowerCase(Locale.ROOT);
    for (ArchiveFormat format : values()) {
      for (String extension : format.extensions) {
        if (lower.endsWith(extension) && lower.length() > extension.length()) {
          return Optional.of(format);
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the filename extensions of this format, the usual one first, e.g. {@code .tar.gz}. */
  public ImmutableList<String> extensions() {
    return extensions;
  }

  /** Returns whether this is a source distribution format. */
  public boolean isSdist() {
    return this == SDIST_TAR_GZ || this == SDIST_ZIP || this == SDIST_TAR_BZ2;
  }
}
