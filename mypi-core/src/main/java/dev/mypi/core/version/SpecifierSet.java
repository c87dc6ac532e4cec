package dev.mypi.core.version;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.internal.version.PythonText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A comma-separated set of version specifiers, such as a {@code Requires-Python} value
 * ({@code >=3.8,!=3.9.*}), with the semantics of Python's {@code packaging.specifiers.SpecifierSet}
 * (26.2).
 *
 * <pre>{@code
 * SpecifierSet requires = SpecifierSet.parse(">=3.8, <4");
 * requires.contains(Version.parse("3.12.1"));   // true
 * requires.contains("3.13.0rc1");                // true: packaging >= 26 admits pre-releases here
 * requires.contains("3.13.0rc1", false);         // false
 * requires.toString();                           // "<4,>=3.8"
 * }</pre>
 *
 * <p>The empty string is a valid set that contains every version. A version is contained when it
 * satisfies every clause. With packaging 26, {@link #contains(Version)} for a single version admits
 * pre-releases (there is no other candidate to prefer); pass {@code prereleases = false} to exclude
 * them. Instances are immutable and thread-safe.
 */
public final class SpecifierSet {
  private final ImmutableList<Specifier> specifiers;
  private final boolean hasArbitrary;

  private SpecifierSet(ImmutableList<Specifier> specifiers, boolean hasArbitrary) {
    this.specifiers = specifiers;
    this.hasArbitrary = hasArbitrary;
  }

  /**
   * Parses a comma-separated specifier set; empty clauses are ignored, so {@code ""} is the set
   * that contains everything.
   *
   * @throws InvalidSpecifierException if a clause is invalid; the message quotes the whole input
   */
  public static SpecifierSet parse(String specifiers) {
    List<Specifier> parsed = new ArrayList<>(2);
    int start = 0;
    while (true) {
      int comma = specifiers.indexOf(',', start);
      String item = PythonText.strip(comma < 0 ? specifiers.substring(start) : specifiers.substring(start, comma));
      if (!item.isEmpty()) {
        try {
          parsed.add(Specifier.parse(item));
        } catch (InvalidSpecifierException e) {
          if (item.equals(specifiers)) {
            throw e;
          }
          throw new InvalidSpecifierException(
              specifiers, "clause '" + item + "': " + reasonOf(e, item));
        }
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return new SpecifierSet(ImmutableList.copyOf(parsed), specifiers.contains("==="));
  }

  private static String reasonOf(InvalidSpecifierException e, String item) {
    String message = e.getMessage();
    String prefix = "Invalid version specifier '" + item + "': ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : "invalid";
  }

  /** Returns whether {@code specifiers} parses as a specifier set. */
  public static boolean isValid(@Nullable String specifiers) {
    if (specifiers == null) {
      return false;
    }
    try {
      parse(specifiers);
      return true;
    } catch (InvalidSpecifierException e) {
      return false;
    }
  }

  /** Returns the clauses in the order they were written. */
  public ImmutableList<Specifier> specifiers() {
    return specifiers;
  }

  /** Returns whether this is the empty set, which contains every version. */
  public boolean isEmpty() {
    return specifiers.isEmpty();
  }

  /**
   * Returns whether {@code version} satisfies every clause, pre-releases included (packaging 26's
   * default for a single version).
   */
  public boolean contains(Version version) {
    return containsParsed(version, version.toString(), null);
  }

  /**
   * Returns whether {@code version} satisfies every clause; with {@code prereleases} false,
   * pre-releases (and dev releases) are never contained.
   */
  public boolean contains(Version version, boolean prereleases) {
    return containsParsed(version, version.toString(), prereleases);
  }

  /**
   * Returns whether the version string satisfies every clause, as packaging's
   * {@code contains(str)} does. A string that is not a valid version is contained only by the
   * empty set and by {@code ===} clauses that spell it (case-insensitively).
   */
  public boolean contains(String version) {
    return contains(version, null);
  }

  /**
   * As {@link #contains(String)}; {@code prereleases} null means packaging's default, false
   * excludes pre-releases, true admits them.
   */
  public boolean contains(String version, @Nullable Boolean prereleases) {
    Version parsed = Version.tryParse(version);
    if (parsed == null) {
      if (specifiers.isEmpty()) {
        return true;
      }
      for (Specifier s : specifiers) {
        if (s.operator() != Specifier.Operator.ARBITRARY || !s.arbitraryMatches(version)) {
          return false;
        }
      }
      return true;
    }
    // packaging compares === against the string as given when the set has one.
    return containsParsed(parsed, hasArbitrary ? version : parsed.toString(), prereleases);
  }

  private boolean containsParsed(Version version, String text, @Nullable Boolean prereleases) {
    if (Boolean.FALSE.equals(prereleases) && version.isPrerelease()) {
      return false;
    }
    for (Specifier s : specifiers) {
      if (!s.matches(version, text)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the normalised set: clauses sorted by their text, duplicates (by canonical version)
   * removed, joined with {@code ,}; as {@code str(SpecifierSet)}.
   */
  @Override
  public String toString() {
    List<Specifier> sorted = new ArrayList<>(specifiers);
    sorted.sort(Comparator.comparing(Specifier::toString, PythonText::compareCodePoints));
    Set<Specifier> unique = new LinkedHashSet<>(sorted);
    StringBuilder sb = new StringBuilder();
    for (Specifier s : unique) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  /** Returns whether both sets hold the same clauses (compared canonically, order ignored). */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SpecifierSet
        && new LinkedHashSet<>(specifiers).equals(new LinkedHashSet<>(((SpecifierSet) o).specifiers));
  }

  @Override
  public int hashCode() {
    return new LinkedHashSet<>(specifiers).hashCode();
  }
}
