package dev.mypi.core.version;

import dev.mypi.core.internal.version.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One clause of a {@link SpecifierSet}, such as {@code >=3.8} or {@code ==3.9.*}, with the matching
 * rules of Python's {@code packaging.specifiers.Specifier} (26.2).
 *
 * <p>{@link #toString()} is the operator followed by the version as written (surrounding whitespace
 * removed). Two specifiers are equal when their operators are equal and their versions are equal
 * after canonicalisation ({@code ==1.0} equals {@code ==1.0.0}).
 */
public final class Specifier {
  /** A version-specifier operator. */
  public enum Operator {
    /** {@code ~=}: compatible release. */
    COMPATIBLE("~="),
    /** {@code ==}: version matching, with {@code .*} prefix matching. */
    EQUAL("=="),
    /** {@code !=}: version exclusion, with {@code .*} prefix matching. */
    NOT_EQUAL("!="),
    /** {@code <=}: inclusive ordered comparison. */
    LESS_THAN_EQUAL("<="),
    /** {@code >=}: inclusive ordered comparison. */
    GREATER_THAN_EQUAL(">="),
    /** {@code <}: exclusive ordered comparison, excluding pre-releases of the bound. */
    LESS_THAN("<"),
    /** {@code >}: exclusive ordered comparison, excluding post-releases and locals of the bound. */
    GREATER_THAN(">"),
    /** {@code ===}: arbitrary (case-insensitive string) equality. */
    ARBITRARY("===");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** Returns the operator as written, e.g. {@code >=}. */
    public String symbol() {
      return symbol;
    }
  }

  private static final String WS = "[" + PythonText.WHITESPACE_CLASS_BODY + "]";
  private static final String PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
  private static final String POST = "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?";
  private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
  /**
   * packaging's {@code Specifier._regex}, with Python's whitespace class spelled out. The release
   * and local repetitions are possessive: nothing after them can start with {@code .digit}, so the
   * language is unchanged, and Java's regex engine does not recurse once per repetition (a long
   * {@code Requires-Python} from an upload must not overflow the stack).
   */
  private static final Pattern SPECIFIER =
      Pattern.compile(
          WS
              + "*(?:"
              + "(?:===" + WS + "*[^" + PythonText.WHITESPACE_CLASS_BODY + ";)]*)"
              + "|(?:(?:==|!=)" + WS + "*v?(?:[0-9]+!)?[0-9]++(?:\\.[0-9]++)*+"
              + "(?:\\.\\*|" + PRE + POST + DEV + "(?:\\+[a-z0-9]++(?:[-_.][a-z0-9]++)*+)?)?)"
              + "|(?:~=" + WS + "*v?(?:[0-9]+!)?[0-9]++(?:\\.[0-9]++)++" + PRE + POST + DEV + ")"
              + "|(?:(?:<=|>=|<|>)" + WS + "*v?(?:[0-9]+!)?[0-9]++(?:\\.[0-9]++)*+" + PRE + POST + DEV + ")"
              + ")"
              + WS
              + "*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern PREFIX = Pattern.compile("([0-9]+)((?:a|b|c|rc)[0-9]+)");

  private final Operator operator;
  private final String version;
  /** The parsed version; null for {@code ===} and for prefix matches. */
  private final @Nullable Version specVersion;
  /** For prefix matches ({@code .*}, and {@code ~=}): the split prefix and its numeric length. */
  private final @Nullable List<String> prefixSplit;

  private final int prefixNumericLength;
  /** For {@code <}: the earliest pre-release of the bound. */
  private final @Nullable Version earliestPrerelease;

  private Specifier(Operator operator, String version) {
    this.operator = operator;
    this.version = version;
    String prefix = null;
    if (operator == Operator.ARBITRARY) {
      specVersion = null;
    } else if (version.endsWith(".*")) {
      specVersion = null;
      prefix = version;
    } else {
      specVersion = Version.tryParse(version);
      if (operator == Operator.COMPATIBLE) {
        prefix = compatiblePrefix(version);
      }
    }
    if (prefix != null) {
      prefixSplit = versionSplit(canonicalKeepZeros(prefix.substring(0, prefix.length() - 2)));
      prefixNumericLength = numericPrefixLength(prefixSplit);
    } else {
      prefixSplit = null;
      prefixNumericLength = 0;
    }
    earliestPrerelease =
        operator == Operator.LESS_THAN && specVersion != null ? specVersion.earliestPrerelease() : null;
  }

  /**
   * Parses one specifier clause such as {@code >=3.8}.
   *
   * @throws InvalidSpecifierException if {@code specifier} is not a valid clause
   */
  public static Specifier parse(String specifier) {
    if (!SPECIFIER.matcher(specifier).matches()) {
      throw new InvalidSpecifierException(specifier, describeProblem(specifier));
    }
    String spec = PythonText.strip(specifier);
    Operator op;
    String version;
    if (spec.startsWith("===")) {
      op = Operator.ARBITRARY;
      version = spec.substring(3);
    } else if (spec.length() >= 2 && spec.charAt(1) == '=' && "~=!<>".indexOf(spec.charAt(0)) >= 0) {
      op = operatorOf(spec.substring(0, 2));
      version = spec.substring(2);
    } else {
      op = operatorOf(spec.substring(0, 1));
      version = spec.substring(1);
    }
    Specifier result = new Specifier(op, PythonText.strip(version));
    if (op != Operator.ARBITRARY && result.specVersion == null && result.prefixSplit == null) {
      throw new InvalidSpecifierException(specifier, "invalid version '" + result.version + "'");
    }
    return result;
  }

  private static Operator operatorOf(String symbol) {
    for (Operator op : Operator.values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalStateException("Regex accepted an unknown operator: " + symbol);
  }

  private static String describeProblem(String specifier) {
    String spec = PythonText.strip(specifier);
    if (spec.isEmpty()) {
      return "it is empty";
    }
    if (!spec.startsWith("~=")
        && !spec.startsWith("==")
        && !spec.startsWith("!=")
        && !spec.startsWith("<")
        && !spec.startsWith(">")) {
      return "it must start with one of ~= == != <= >= < > ===";
    }
    if (spec.startsWith("~=") && !spec.contains(".")) {
      return "~= needs a version with at least two release numbers";
    }
    if (spec.endsWith(".*") && !spec.startsWith("==") && !spec.startsWith("!=")) {
      return "a .* prefix match is only allowed with == and !=";
    }
    if (spec.contains("+") && !spec.startsWith("==") && !spec.startsWith("!=")) {
      return "a local version label is only allowed with == and !=";
    }
    return "not a valid PEP 440 version specifier";
  }

  /** Returns the operator. */
  public Operator operator() {
    return operator;
  }

  /** Returns the version as written, e.g. {@code 3.9.*} or {@code 1.0}. */
  public String version() {
    return version;
  }

  /** Returns whether {@code candidate} satisfies this clause, pre-releases included. */
  public boolean contains(Version candidate) {
    return matches(candidate, candidate.toString());
  }

  /** Matches {@code candidate}; {@code text} is the string compared by {@code ===}. */
  boolean matches(Version candidate, String text) {
    switch (operator) {
      case ARBITRARY:
        return arbitraryMatches(text);
      case EQUAL:
        return equalMatches(candidate);
      case NOT_EQUAL:
        return !equalMatches(candidate);
      case LESS_THAN_EQUAL:
        return candidate.compareWithoutLocal(spec()) <= 0;
      case GREATER_THAN_EQUAL:
        return candidate.compareWithoutLocal(spec()) >= 0;
      case COMPATIBLE:
        return candidate.compareWithoutLocal(spec()) >= 0 && prefixMatches(candidate);
      case LESS_THAN:
        return lessThanMatches(candidate);
      case GREATER_THAN:
        return greaterThanMatches(candidate);
    }
    throw new AssertionError(operator);
  }

  boolean arbitraryMatches(String text) {
    return text.toLowerCase(Locale.ROOT).equals(version.toLowerCase(Locale.ROOT));
  }

  private Version spec() {
    Version v = specVersion;
    if (v == null) {
      throw new IllegalStateException("No version for " + this);
    }
    return v;
  }

  private boolean equalMatches(Version candidate) {
    if (prefixSplit != null) {
      return prefixMatches(candidate);
    }
    Version spec = spec();
    if (spec.isLocal()) {
      return candidate.equals(spec);
    }
    return candidate.compareWithoutLocal(spec) == 0;
  }

  private boolean lessThanMatches(Version candidate) {
    Version spec = spec();
    if (candidate.compareTo(spec) >= 0) {
      return false;
    }
    Version earliest = earliestPrerelease;
    return spec.isPrerelease()
        || !candidate.isPrerelease()
        || earliest == null
        || candidate.compareTo(earliest) < 0;
  }

  private boolean greaterThanMatches(Version candidate) {
    Version spec = spec();
    if (candidate.compareTo(spec) <= 0) {
      return false;
    }
    if (!spec.isPostrelease() && candidate.isPostrelease() && candidate.postBase().equals(spec)) {
      return false;
    }
    return !(candidate.isLocal() && candidate.compareWithoutLocal(spec) == 0 && !spec.isLocal());
  }

  private boolean prefixMatches(Version candidate) {
    List<String> split = prefixSplit;
    if (split == null) {
      throw new IllegalStateException("No prefix for " + this);
    }
    List<String> prospective = versionSplit(candidate.publicVersion().toString());
    List<String> padded = leftPad(prospective, prefixNumericLength);
    if (padded.size() < split.size()) {
      return false;
    }
    return padded.subList(0, split.size()).equals(split);
  }

  // ------------------------------------------------- packaging's string helpers, ported literally

  private static String canonicalKeepZeros(String version) {
    Version v = Version.tryParse(version);
    return v == null ? version : v.toString();
  }

  /** The prefix of a {@code ~=} version: release without its last number, then {@code .*}. */
  private static String compatiblePrefix(String version) {
    List<String> split = versionSplit(version);
    int n = 0;
    while (n < split.size() && isNotSuffix(split.get(n))) {
      n++;
    }
    n = Math.max(n - 1, 1);
    return split.get(0) + "!" + String.join(".", split.subList(1, n)) + ".*";
  }

  private static List<String> versionSplit(String version) {
    List<String> result = new ArrayList<>(6);
    int bang = version.lastIndexOf('!');
    String epoch = bang < 0 ? "" : version.substring(0, bang);
    String rest = bang < 0 ? version : version.substring(bang + 1);
    result.add(epoch.isEmpty() ? "0" : epoch);
    int start = 0;
    while (true) {
      int dot = rest.indexOf('.', start);
      String item = dot < 0 ? rest.substring(start) : rest.substring(start, dot);
      Matcher m = PREFIX.matcher(item);
      if (item.length() > 2 && PythonText.isAsciiDigit(item.charAt(0)) && m.matches()) {
        result.add(m.group(1));
        result.add(m.group(2));
      } else {
        result.add(item);
      }
      if (dot < 0) {
        return result;
      }
      start = dot + 1;
    }
  }

  private static boolean isNotSuffix(String segment) {
    return !(segment.startsWith("dev")
        || segment.startsWith("a")
        || segment.startsWith("b")
        || segment.startsWith("rc")
        || segment.startsWith("post"));
  }

  private static int numericPrefixLength(List<String> split) {
    int count = 0;
    for (String segment : split) {
      if (!PythonText.isAsciiDigits(segment)) {
        break;
      }
      count++;
    }
    return count;
  }

  private static List<String> leftPad(List<String> split, int targetNumericLength) {
    int numeric = numericPrefixLength(split);
    int pad = targetNumericLength - numeric;
    if (pad <= 0) {
      return split;
    }
    List<String> out = new ArrayList<>(split.size() + pad);
    out.addAll(split.subList(0, numeric));
    for (int i = 0; i < pad; i++) {
      out.add("0");
    }
    out.addAll(split.subList(numeric, split.size()));
    return out;
  }

  /** The identity used by {@link #equals}: operator plus canonicalised version. */
  private String canonicalVersion() {
    if (operator == Operator.ARBITRARY || version.endsWith(".*")) {
      return version;
    }
    return spec().canonical(operator != Operator.COMPATIBLE);
  }

  /** Returns the operator followed by the version, e.g. {@code >=3.8}. */
  @Override
  public String toString() {
    return operator.symbol + version;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Specifier
        && ((Specifier) o).operator == operator
        && ((Specifier) o).canonicalVersion().equals(canonicalVersion());
  }

  @Override
  public int hashCode() {
    return operator.hashCode() * 31 + canonicalVersion().hashCode();
  }
}
