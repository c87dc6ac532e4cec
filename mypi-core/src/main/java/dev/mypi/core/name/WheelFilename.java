package dev.mypi.core.name;

import com.google.common.collect.ImmutableSet;
import dev.mypi.core.internal.version.PythonText;
import dev.mypi.core.version.InvalidVersionException;
import dev.mypi.core.version.Version;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A wheel filename, {@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl} (PEP 427,
 * PEP 491), parsed as {@code packaging.utils.parse_wheel_filename} does, with the stricter checks of
 * packaging 26.3: the name must not be empty or end in a newline, no tag component may be empty,
 * and interpreter tags must be identifiers ({@code py3}, not {@code 2.7.6}).
 *
 * <pre>{@code
 * WheelFilename w = WheelFilename.parse("Foo.Bar-1.0-1-py2.py3-none-any.whl");
 * w.name();            // "Foo.Bar"
 * w.normalizedName();  // "foo-bar"
 * w.buildTag();        // Optional[1]
 * w.pythonTag();       // "py2.py3", what twine sends as pyversion
 * w.tags();            // [py2-none-any, py3-none-any]
 * }</pre>
 */
public final class WheelFilename implements DistributionFilename {
  private final String filename;
  private final String name;
  private final String normalizedName;
  private final Version version;
  private final @Nullable BuildTag buildTag;
  private final String pythonTag;
  private final String abiTag;
  private final String platformTag;
  private final ImmutableSet<String> tags;

  private WheelFilename(
      String filename,
      String name,
      Version version,
      @Nullable BuildTag buildTag,
      String pythonTag,
      String abiTag,
      String platformTag,
      ImmutableSet<String> tags) {
    this.filename = filename;
    this.name = name;
    this.normalizedName = ProjectName.normalize(name);
    this.version = version;
    this.buildTag = buildTag;
    this.pythonTag = pythonTag;
    this.abiTag = abiTag;
    this.platformTag = platformTag;
    this.tags = tags;
  }

  /**
   * Parses a wheel filename without checking the order of compressed tag sets.
   *
   * @throws InvalidFilenameException if it is not a valid wheel filename
   */
  public static WheelFilename parse(String filename) {
    return parse(filename, false);
  }

  /**
   * Parses a wheel filename; with {@code validateOrder}, the parts of each compressed tag set
   * ({@code py2.py3}) must be sorted as PEP 425 requires.
   *
   * @throws InvalidFilenameException if it is not a valid wheel filename
   */
  public static WheelFilename parse(String filename, boolean validateOrder) {
    if (!filename.endsWith(".whl")) {
      throw new InvalidFilenameException(filename, "a wheel filename must end in '.whl'");
    }
    String stem = filename.substring(0, filename.length() - 4);
    int dashes = 0;
    for (int i = 0; i < stem.length(); i++) {
      if (stem.charAt(i) == '-') {
        dashes++;
      }
    }
    if (dashes != 4 && dashes != 5) {
      throw new InvalidFilenameException(
          filename,
          "a wheel filename has 5 or 6 dash-separated parts:"
              + " name-version(-build)-python-abi-platform.whl");
    }
    int d1 = stem.indexOf('-');
    int d2 = stem.indexOf('-', d1 + 1);
    String namePart = stem.substring(0, d1);
    String versionPart = stem.substring(d1 + 1, d2);
    int tagStart = d2 + 1;
    String buildPart = null;
    if (dashes == 5) {
      int d3 = stem.indexOf('-', d2 + 1);
      buildPart = stem.substring(d2 + 1, d3);
      tagStart = d3 + 1;
    }
    checkName(filename, namePart);
    Version version;
    try {
      version = Version.parse(versionPart);
    } catch (InvalidVersionException e) {
      throw new InvalidFilenameException(filename, "invalid version '" + versionPart + "'");
    }
    BuildTag build = buildPart == null ? null : parseBuildTag(filename, buildPart);

    String tagPart = stem.substring(tagStart);
    int t1 = tagPart.indexOf('-');
    int t2 = tagPart.indexOf('-', t1 + 1);
    String python = tagPart.substring(0, t1);
    String abi = tagPart.substring(t1 + 1, t2);
    String platform = tagPart.substring(t2 + 1);
    String[] pythons = splitComponent(filename, "python", python, validateOrder);
    String[] abis = splitComponent(filename, "ABI", abi, validateOrder);
    String[] platforms = splitComponent(filename, "platform", platform, validateOrder);
    for (String p : pythons) {
      if (!isIdentifier(p)) {
        throw new InvalidFilenameException(
            filename, "python tag '" + p + "' is not an identifier such as py3 or cp312");
      }
    }
    TreeSet<String> expanded = new TreeSet<>();
    for (String p : pythons) {
      for (String a : abis) {
        for (String pl : platforms) {
          expanded.add(lower(p) + "-" + lower(a) + "-" + lower(pl));
        }
      }
    }
    return new WheelFilename(
        filename, namePart, version, build, python, abi, platform, ImmutableSet.copyOf(expanded));
  }

  /** Returns whether {@code filename} parses as a wheel filename. */
  public static boolean isValid(String filename) {
    try {
      parse(filename);
      return true;
    } catch (InvalidFilenameException e) {
      return false;
    }
  }

  private static void checkName(String filename, String namePart) {
    if (namePart.isEmpty()) {
      throw new InvalidFilenameException(filename, "the project name is empty");
    }
    if (namePart.contains("__")) {
      throw new InvalidFilenameException(filename, "the project name contains '__'");
    }
    for (int i = 0; i < namePart.length(); ) {
      int cp = namePart.codePointAt(i);
      if (cp != '.' && !PythonText.isWordCodePoint(cp)) {
        throw new InvalidFilenameException(
            filename,
            "the project name '" + namePart + "' may only contain letters, digits, '_' and '.'");
      }
      i += Character.charCount(cp);
    }
  }

  private static BuildTag parseBuildTag(String filename, String buildPart) {
    int i = 0;
    while (i < buildPart.length() && PythonText.isAsciiDigit(buildPart.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new InvalidFilenameException(
          filename, "build tag '" + buildPart + "' must start with a digit");
    }
    // packaging's (\d+)(.*) with match(): '.' stops at a newline.
    int newline = buildPart.indexOf('\n', i);
    String suffix = newline < 0 ? buildPart.substring(i) : buildPart.substring(i, newline);
    return new BuildTag(new BigInteger(buildPart.substring(0, i)), suffix);
  }

  private static String[] splitComponent(
      String filename, String what, String component, boolean validateOrder) {
    String[] parts = component.split("\\.", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new InvalidFilenameException(filename, "empty " + what + " tag in '" + component + "'");
      }
    }
    if (validateOrder) {
      for (int i = 1; i < parts.length; i++) {
        if (PythonText.compareCodePoints(parts[i - 1], parts[i]) > 0) {
          throw new InvalidFilenameException(
              filename,
              "compressed tag set '" + component + "' must be in sorted order per PEP 425");
        }
      }
    }
    return parts;
  }

  private static boolean isIdentifier(String s) {
    char first = s.charAt(0);
    if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public String filename() {
    return filename;
  }

  /** Returns the name part as spelled in the filename, e.g. {@code Foo.Bar}. */
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

  /** Returns the build tag, if the filename has one. */
  public Optional<BuildTag> buildTag() {
    return Optional.ofNullable(buildTag);
  }

  /**
   * Returns the python tag part as written, e.g. {@code py2.py3} or {@code cp312}: the
   * {@code pyversion} field twine sends with the upload.
   */
  public String pythonTag() {
    return pythonTag;
  }

  /** Returns the ABI tag part as written, e.g. {@code none} or {@code cp312}. */
  public String abiTag() {
    return abiTag;
  }

  /** Returns the platform tag part as written, e.g. {@code any} or {@code manylinux_2_17_x86_64}. */
  public String platformTag() {
    return platformTag;
  }

  /**
   * Returns the expanded tags as lower-case {@code interpreter-abi-platform} strings, sorted, e.g.
   * {@code [py2-none-any, py3-none-any]} for {@code py2.py3-none-any}.
   */
  public ImmutableSet<String> tags() {
    return tags;
  }

  /** Returns {@link DistributionType#WHEEL}. */
  @Override
  public DistributionType type() {
    return DistributionType.WHEEL;
  }

  /** Returns false: wheels are the current format. */
  @Override
  public boolean isLegacy() {
    return false;
  }

  /** Equal when the filenames are equal (filenames are case-sensitive identifiers in storage). */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WheelFilename && ((WheelFilename) o).filename.equals(filename);
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
