package dev.mypi.core.name;

import dev.mypi.core.version.InvalidVersionException;
import dev.mypi.core.version.Version;
import org.jspecify.annotations.Nullable;

/**
 * A source distribution filename, {@code {name}-{version}.tar.gz} (PEP 625) or the older
 * {@code .zip}, parsed as {@code packaging.utils.parse_sdist_filename} does: the extension is
 * matched case-sensitively and the name is split from the version at the <em>last</em> {@code -}.
 * As packaging 26.3 does, an empty name is rejected.
 *
 * <pre>{@code
 * SdistFilename s = SdistFilename.parse("Foo.Bar-1.0.tar.gz");
 * s.normalizedName();  // "foo-bar"
 * s.isPep625();        // false: PEP 625 spells it foo_bar-1.0.tar.gz
 * }</pre>
 */
public final class SdistFilename implements DistributionFilename {
  private final String filename;
  private final String name;
  private final String normalizedName;
  private final Version version;
  private final String extension;

  private SdistFilename(String filename, String name, Version version, String extension) {
    this.filename = filename;
    this.name = name;
    this.normalizedName = ProjectName.normalize(name);
    this.version = version;
    this.extension = extension;
  }

  /**
   * Parses an sdist filename ending in {@code .tar.gz} or {@code .zip}.
   *
   * @throws InvalidFilenameException if the extension is wrong, there is no {@code -}, the name is
   *     empty or the version is invalid
   */
  public static SdistFilename parse(String filename) {
    String extension;
    if (filename.endsWith(".tar.gz")) {
      extension = ".tar.gz";
    } else if (filename.endsWith(".zip")) {
      extension = ".zip";
    } else {
      throw new InvalidFilenameException(
          filename, "an sdist filename must end in '.tar.gz' or '.zip'");
    }
    String stem = filename.substring(0, filename.length() - extension.length());
    return parseStem(filename, stem, extension, SdistFilename::new);
  }

  /** Splits {@code stem} at the last dash and validates both halves. */
  static <T> T parseStem(String filename, String stem, String extension, Factory<T> factory) {
    int dash = stem.lastIndexOf('-');
    if (dash < 0) {
      throw new InvalidFilenameException(
          filename, "expected '<name>-<version>" + extension + "' (no '-' found)");
    }
    String name = stem.substring(0, dash);
    if (name.isEmpty()) {
      throw new InvalidFilenameException(filename, "the project name is empty");
    }
    String versionPart = stem.substring(dash + 1);
    Version version;
    try {
      version = Version.parse(versionPart);
    } catch (InvalidVersionException e) {
      throw new InvalidFilenameException(filename, "invalid version '" + versionPart + "'");
    }
    return factory.create(filename, name, version, extension);
  }

  /** Creates a parsed filename from its parts. */
  @FunctionalInterface
  interface Factory<T> {
    T create(String filename, String name, Version version, String extension);
  }

  /** Returns whether {@code filename} parses as an sdist filename. */
  public static boolean isValid(String filename) {
    try {
      parse(filename);
      return true;
    } catch (InvalidFilenameException e) {
      return false;
    }
  }

  @Override
  public String filename() {
    return filename;
  }

  /** Returns the name part as spelled in the filename (everything before the last dash). */
  @Override
  public String name() {
    return name;
  }

  @Override
  public String normalizedName() {
    return normalizedName;
  }

  @Override
  public Version version() {
    return version;
  }

  /** Returns the extension, {@code .tar.gz} or {@code .zip}. */
  public String extension() {
    return extension;
  }

  /**
   * Returns whether the filename is exactly what PEP 625 prescribes:
   * {@code <normalized name with underscores>-<normalized version>.tar.gz}.
   */
  public boolean isPep625() {
    if (!extension.equals(".tar.gz") || !ProjectName.isValid(name)) {
      return false;
    }
    String expected = normalizedName.replace('-', '_') + "-" + version + ".tar.gz";
    return filename.equals(expected);
  }

  /** Returns {@link DistributionType#SDIST}. */
  @Override
  public DistributionType type() {
    return DistributionType.SDIST;
  }

  /** Returns true when the filename is not in PEP 625 form (e.g. {@code Foo.Bar-1.0.zip}). */
  @Override
  public boolean isLegacy() {
    return !isPep625();
  }

  /** Equal when the filenames are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SdistFilename && ((SdistFilename) o).filename.equals(filename);
  }

  @Override
  public int hashCode() {
    return filename.hashCode();
  }

  /** Returns the filename. */
  @Override
  public String toString() {
    return filename;
  }
}
