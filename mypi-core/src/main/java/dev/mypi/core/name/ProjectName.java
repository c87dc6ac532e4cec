package dev.mypi.core.name;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Python project name: the display name as the project spells it, and its PEP 503 normalised
 * form, which is the project's identity.
 *
 * <pre>{@code
 * ProjectName name = ProjectName.of("Foo.Bar_baz");
 * name.displayName();   // "Foo.Bar_baz"
 * name.normalized();    // "foo-bar-baz"
 * name.filenameForm();  // "foo_bar_baz", as in wheel and sdist filenames
 * }</pre>
 *
 * <p>Two names are equal when their normalised forms are equal. {@link #of} validates the display
 * name against the core-metadata {@code Name} rule (ASCII letters and digits, with {@code .},
 * {@code _} and {@code -} inside); {@link #normalize} only normalises and accepts anything.
 */
public final class ProjectName implements Comparable<ProjectName> {
  // packaging's own regex, quirk included: "a--b" counts as normalised there, so it does here.
  private static final Pattern NORMALIZED = Pattern.compile("[a-z0-9]|[a-z0-9](?:[a-z0-9-](?!--))*[a-z0-9]");

  private final String displayName;
  private final String normalized;

  private ProjectName(String displayName, String normalized) {
    this.displayName = displayName;
    this.normalized = normalized;
  }

  /**
   * Returns the project name for {@code displayName}, which must be a valid core-metadata name.
   *
   * @throws InvalidProjectNameException if the name is not valid; the message quotes it
   */
  public static ProjectName of(String displayName) {
    if (!isValid(displayName)) {
      throw new InvalidProjectNameException(displayName);
    }
    return new ProjectName(displayName, normalize(displayName));
  }

  /**
   * Returns the project name for {@code displayName} whose normalised form the caller already holds
   * (an index keeps it per project): the name then shares that string instead of holding a copy,
   * which for the root page of 100,000 projects is 100,000 strings fewer.
   *
   * @throws InvalidProjectNameException if the name is not valid; the message quotes it
   * @throws IllegalArgumentException if {@code normalized} is not the normalised form of {@code displayName}
   */
  public static ProjectName of(String displayName, String normalized) {
    if (!isValid(displayName)) {
      throw new InvalidProjectNameException(displayName);
    }
    String actual = normalize(displayName);
    if (!actual.equals(normalized)) {
      throw new IllegalArgumentException(
          "'" + normalized + "' is not the normalised form of '" + displayName + "' (that is '" + actual + "')");
    }
    return new ProjectName(displayName, normalized);
  }

  /**
   * Returns the PEP 503 normalised form of {@code name}: lower case, with every run of {@code -},
   * {@code _} and {@code .} replaced by a single {@code -}. It does not validate: any string is
   * accepted, as Python's {@code packaging.utils.canonicalize_name} does.
   */
  public static String normalize(String name) {
    if (isAsciiLowerWithSingleDashes(name)) {
      return name; // the common case on the read path (pip asks for normalised names): no allocation
    }
    String lower = pythonLower(name);
    StringBuilder out = new StringBuilder(lower.length());
    boolean inRun = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!inRun) {
          out.append('-'); // a run of separators becomes one dash
        }
        inRun = true;
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString();
  }

  /** Returns whether normalising {@code s} cannot change it: ASCII a-z, 0-9 and isolated '-'. */
  private static boolean isAsciiLowerWithSingleDashes(String s) {
    char previous = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-') {
        if (previous == '-') {
          return false;
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** Returns whether {@code name} is a valid core-metadata project name. */
  public static boolean isValid(@Nullable String name) {
    // ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ case-insensitively, as a loop: names are checked on
    // every page rendering, and the regex costs several times as much
    if (name == null || name.isEmpty() || !isAsciiLetterOrDigit(name.charAt(0)) || !isAsciiLetterOrDigit(name.charAt(name.length() - 1))) {
      return false;
    }
    for (int i = 1; i < name.length() - 1; i++) {
      char c = name.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Returns whether {@code name} is already in PEP 503 normalised form (and valid). */
  public static boolean isNormalized(String name) {
    return NORMALIZED.matcher(name).matches();
  }

  /** Returns the name as the project spells it, e.g. {@code Foo.Bar_baz}. */
  public String displayName() {
    return displayName;
  }

  /** Returns the PEP 503 normalised name, e.g. {@code foo-bar-baz}: the project's identity. */
  public String normalized() {
    return normalized;
  }

  /**
   * Returns the name as it appears in wheel and PEP 625 sdist filenames and in {@code .dist-info}
   * directories: the normalised name with {@code -} replaced by {@code _}, e.g. {@code foo_bar_baz}.
   */
  public String filenameForm() {
    return normalized.replace('-', '_');
  }

  /** Returns a name with the same identity and another display spelling. */
  public ProjectName withDisplayName(String newDisplayName) {
    ProjectName other = of(newDisplayName);
    if (!other.normalized.equals(normalized)) {
      throw new IllegalArgumentException(
          "Display name '" + newDisplayName + "' does not normalise to '" + normalized + "'");
    }
    return other;
  }

  /** Compares normalised names, so that listings sort the way PyPI sorts them. */
  @Override
  public int compareTo(ProjectName other) {
    return normalized.compareTo(other.normalized);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ProjectName && ((ProjectName) o).normalized.equals(normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  /** Returns the display name. */
  @Override
  public String toString() {
    return displayName;
  }

  /**
   * Lower-cases as Python's {@code str.lower()} does. Java's root-locale lowering agrees with it,
   * including the context-sensitive final sigma and the dotted capital I, and is locale-independent
   * (no Turkish dotless i).
   */
  private static String pythonLower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
