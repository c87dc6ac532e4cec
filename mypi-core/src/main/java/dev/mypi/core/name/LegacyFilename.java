package dev.mypi.core.name;

import dev.mypi.core.internal.version.PythonText;
import dev.mypi.core.version.InvalidVersionException;
import dev.mypi.core.version.Version;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A legacy distribution filename found in old flat folders (pypiserver-style): an egg
 * ({@code Name-1.0-py3.8.egg}, {@code Name-1.0-py2.7-linux_x86_64.egg}) or an sdist archive other
 * than {@code .tar.gz}/{@code .zip} ({@code .tar.bz2}, {@code .tgz}, {@code .tar.xz},
 * {@code .tar}). A server can list these; it should not accept new uploads of them.
 * {@link #isLegacy()} is always true.
 */
public final class LegacyFilename implements DistributionFilename {
  private static final String[] SDIST_EXTENSIONS = {".tar.bz2", ".tgz", ".tar.xz", ".tar"};

  private final String filename;
  private final String name;
  private final String normalizedName;
  private final Version version;
  private final DistributionType type;
  private final String extension;
  private final @Nullable String pythonVersion;

  private LegacyFilename(
      String filename,
      String name,
      Version version,
      DistributionType type,
      String extension,
      @Nullable String pythonVersion) {
    this.filename = filename;
    this.name = name;
    this.normalizedName = ProjectName.normalize(name);
    this.version = version;
    this.type = type;
    this.extension = extension;
    this.pythonVersion = pythonVersion;
  }

  /**
   * Parses a legacy egg or sdist-archive filename.
   *
   * @throws InvalidFilenameException if it is none of those (e.g. {@code README.txt},
   *     {@code foo.exe}) or its name or version is invalid
   */
  public static LegacyFilename parse(String filename) {
    if (filename.endsWith(".egg")) {
      return parseEgg(filename);
    }
    for (String ext : SDIST_EXTENSIONS) {
      if (filename.endsWith(ext)) {
        String stem = filename.substring(0, filename.length() - ext.length());
        return SdistFilename.parseStem(
            filename,
            stem,
            ext,
            (f, n, v, e) -> new LegacyFilename(f, n, v, DistributionType.SDIST, e, null));
      }
    }
    throw new InvalidFilenameException(
        filename,
        "not a distribution file; expected .whl, .tar.gz or .zip"
            + " (or legacy .egg, .tar.bz2, .tgz, .tar.xz, .tar)");
  }

  private static LegacyFilename parseEgg(String filename) {
    String stem = filename.substring(0, filename.length() - 4);
    String[] parts = stem.split("-", 4);
    if (parts.length < 2 || parts[0].isEmpty()) {
      throw new InvalidFilenameException(
          filename, "expected '<name>-<version>[-py<X.Y>[-<platform>]].egg'");
    }
    for (int i = 0; i < parts[0].length(); ) {
      int cp = parts[0].codePointAt(i);
      if (cp != '.' && !PythonText.isWordCodePoint(cp)) {
        throw new InvalidFilenameException(
            filename,
            "the project name '" + parts[0] + "' may only contain letters, digits, '_' and '.'");
      }
      i += Character.charCount(cp);
    }
    Version version;
    try {
      version = Version.parse(parts[1]);
    } catch (InvalidVersionException e) {
      throw new InvalidFilenameException(filename, "invalid version '" + parts[1] + "'");
    }
    String python = parts.length > 2 ? parts[2] : null;
    if (python != null && !python.startsWith("py")) {
      throw new InvalidFilenameException(
          filename, "expected a python version such as py3.8 after the version, not '" + python + "'");
    }
    return new LegacyFilename(filename, parts[0], version, DistributionType.EGG, ".egg", python);
  }

  @Override
  public String filename() {
    return filename;
  }

  /** Returns the name part as spelled in the filename. */
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

  /** Returns {@link DistributionType#EGG} or {@link DistributionType#SDIST}. */
  @Override
  public DistributionType type() {
    return type;
  }

  /** Returns the extension, e.g. {@code .egg} or {@code .tar.bz2}. */
  public String extension() {
    return extension;
  }

  /** Returns an egg's python version part, e.g. {@code py3.8}, if present. */
  public Optional<String> pythonVersion() {
    return Optional.ofNullable(pythonVersion);
  }

  /** Returns true. */
  @Override
  public boolean isLegacy() {
    return true;
  }

  /** Equal when the filenames are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LegacyFilename && ((LegacyFilename) o).filename.equals(filename);
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
