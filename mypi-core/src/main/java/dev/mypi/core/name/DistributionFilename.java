package dev.mypi.core.name;

import dev.mypi.core.version.Version;

/**
 * The filename of a distribution an index stores: a {@link WheelFilename}, an {@link SdistFilename}
 * or a {@link LegacyFilename} (eggs and old sdist archives found in flat folders).
 *
 * <pre>{@code
 * DistributionFilename f = DistributionFilename.parse("foo_bar-1.0-py3-none-any.whl");
 * f.normalizedName();   // "foo-bar"
 * f.version();          // 1.0
 * f.type().filetype();  // "bdist_wheel"
 * }</pre>
 */
public sealed interface DistributionFilename permits WheelFilename, SdistFilename, LegacyFilename {

  /**
   * Parses any filename an index may list: wheels, {@code .tar.gz} and {@code .zip} sdists, and the
   * legacy {@code .egg}, {@code .tar.bz2}, {@code .tgz}, {@code .tar.xz} and {@code .tar} forms.
   *
   * @throws InvalidFilenameException if the name is not a distribution filename (wrong extension,
   *     no version, invalid version or name); the message names the file and the reason
   */
  static DistributionFilename parse(String filename) {
    if (filename.endsWith(".whl")) {
      return WheelFilename.parse(filename);
    }
    if (filename.endsWith(".tar.gz") || filename.endsWith(".zip")) {
      return SdistFilename.parse(filename);
    }
    return LegacyFilename.parse(filename);
  }

  /** Returns the filename, exactly as given. */
  String filename();

  /** Returns the project name part as spelled in the filename. */
  String name();

  /** Returns the PEP 503 normalised project name, e.g. {@code foo-bar}. */
  String normalizedName();

  /** Returns the version in the filename. */
  Version version();

  /** Returns the kind of distribution. */
  DistributionType type();

  /**
   * Returns whether this is a legacy form that a modern build tool would not produce (an egg, an
   * sdist that is not {@code <name>-<version>.tar.gz} per PEP 625). Servers may list such files
   * but should not accept new uploads of them.
   */
  boolean isLegacy();
}
