package dev.mypi.core.version;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.internal.version.PythonText;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PEP 440 version, parsed, normalised and ordered exactly as Python's {@code packaging.version}
 * (26.2) does.
 *
 * <pre>{@code
 * Version v = Version.parse("v1.0-RC1");
 * v.toString();                                   // "1.0rc1"
 * v.compareTo(Version.parse("1.0")) < 0;          // true: a pre-release sorts first
 * Version.parse("1.0").equals(Version.parse("1.0.0"));  // true, although toString() differs
 * Version.parse("1.0.0").canonical();             // "1": the release identity an index uses
 * }</pre>
 *
 * <p>Parsing strips surrounding Python whitespace, accepts a leading {@code v}, every alternative
 * spelling ({@code alpha}, {@code preview}, {@code -1}, {@code rev}, separators {@code . _ -}) and
 * integers of any size. {@link #toString()} is the normalised form ({@code str(Version)}), and
 * parsing it again gives an equal version. Equality and {@link #hashCode()} follow PEP 440: trailing
 * zeros of the release are ignored ({@code 1.0 == 1.0.0}) and local labels compare case-insensitively
 * ({@code 1.0+ABC == 1.0+abc}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Version implements Comparable<Version> {
  // Layout of nums/bigs.
  private static final int EPOCH = 0;
  private static final int PRE = 1;
  private static final int POST = 2;
  private static final int DEV = 3;
  private static final int RELEASE = 4;

  /**
   * CPython refuses to convert integers longer than this (ValueError), so packaging cannot parse
   * such versions either; rejecting them also keeps BigInteger parsing cheap on untrusted input.
   */
  private static final int MAX_DIGITS = 4300;

  private static final byte NO_PRE = -1;
  private static final String[] PRE_LABELS = {"a", "b", "rc"};
  // Alternatives in the order packaging's regex tries them; index / 2 is the label.
  private static final String[] PRE_WORDS = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};

  // Suffix ranks as in packaging's _cmpkey: dev-only < a < b < rc < no pre-release.
  private static final byte RANK_DEV_ONLY = -1;
  private static final byte RANK_STABLE = 3;

  /** [epoch, pre number, post number, dev number, release...]; absent parts hold 0. */
  private final long[] nums;
  /** Same layout; non-null only when some number does not fit a long, then holding those numbers. */
  private final BigInteger @Nullable [] bigs;

  private final byte preLabel;
  private final boolean hasPost;
  private final boolean hasDev;
  /** The normalised local label, or null. */
  private final @Nullable String local;
  /** The local label split on '.', numeric segments without leading zeros; null without local. */
  private final String @Nullable [] localParts;

  // Cached comparison key parts.
  private final int trimmedLength;
  private final byte suffixRank;
  /**
   * An order-preserving summary of epoch and the first three release numbers (20 bits each,
   * saturating), held inline so that most comparisons in a sort never touch the arrays: if
   * {@code a < b} then {@code a.prefixKey <= b.prefixKey}.
   */
  private final long prefixKey;

  // Lazily computed; racy single-check is safe for an immutable String and an int.
  private @Nullable String text;
  private int hash;

  private Version(
      long[] nums,
      BigInteger @Nullable [] bigs,
      byte preLabel,
      boolean hasPost,
      boolean hasDev,
      @Nullable String local,
      String @Nullable [] localParts) {
    this.nums = nums;
    this.bigs = bigs;
    this.preLabel = preLabel;
    this.hasPost = hasPost;
    this.hasDev = hasDev;
    this.local = local;
    this.localParts = localParts;
    int i = nums.length;
    while (i > RELEASE && isZero(i - 1)) {
      i--;
    }
    this.trimmedLength = i - RELEASE;
    this.prefixKey = computePrefixKey();
    if (preLabel != NO_PRE) {
      this.suffixRank = preLabel;
    } else if (!hasPost && hasDev) {
      this.suffixRank = RANK_DEV_ONLY;
    } else {
      this.suffixRank = RANK_STABLE;
    }
  }

  /**
   * Parses a PEP 440 version.
   *
   * @throws InvalidVersionException if {@code version} is not a valid PEP 440 version; the message
   *     quotes it and says what is wrong
   */
  public static Version parse(String version) {
    Parser parser = new Parser(version);
    Version result = parser.run();
    if (result == null) {
      throw new InvalidVersionException(version, parser.reason());
    }
    return result;
  }

  /** Returns whether {@code version} is a valid PEP 440 version; false for null. */
  public static boolean isValid(@Nullable String version) {
    return version != null && new Parser(version).run() != null;
  }

  /** Returns the parsed version, or null when {@code version} is invalid. */
  static @Nullable Version tryParse(String version) {
    return new Parser(version).run();
  }

  /**
   * Returns {@code packaging.utils.canonicalize_version(version)}: the normalised form with trailing
   * zeros of the release removed, or {@code version} unchanged when it is not a valid version.
   */
  public static String canonicalize(String version) {
    Version v = tryParse(version);
    return v == null ? version : v.canonical();
  }

  // ---------------------------------------------------------------- accessors

  /** Returns the epoch, 0 when absent. */
  public BigInteger epoch() {
    return big(EPOCH);
  }

  /** Returns the release numbers, trailing zeros included ({@code 1.0.0} gives [1, 0, 0]). */
  public ImmutableList<BigInteger> release() {
    ImmutableList.Builder<BigInteger> out = ImmutableList.builderWithExpectedSize(nums.length - RELEASE);
    for (int i = RELEASE; i < nums.length; i++) {
      out.add(big(i));
    }
    return out.build();
  }

  /** Returns the pre-release segment ({@code a}, {@code b} or {@code rc} and its number), if any. */
  public Optional<PreRelease> pre() {
    return preLabel == NO_PRE
        ? Optional.empty()
        : Optional.of(new PreRelease(PRE_LABELS[preLabel], big(PRE)));
  }

  /** Returns the post-release number, if any. */
  public Optional<BigInteger> post() {
    return hasPost ? Optional.of(big(POST)) : Optional.empty();
  }

  /** Returns the development-release number, if any. */
  public Optional<BigInteger> dev() {
    return hasDev ? Optional.of(big(DEV)) : Optional.empty();
  }

  /** Returns the normalised local label (e.g. {@code ubuntu.1}), if any. */
  public Optional<String> local() {
    return Optional.ofNullable(local);
  }

  /** Returns whether this version has a local label. */
  public boolean isLocal() {
    return local != null;
  }

  /** Returns whether this is a pre-release: it has a pre-release or a development segment. */
  public boolean isPrerelease() {
    return preLabel != NO_PRE || hasDev;
  }

  /** Returns whether this version has a post-release segment. */
  public boolean isPostrelease() {
    return hasPost;
  }

  /** Returns whether this version has a development segment. */
  public boolean isDevrelease() {
    return hasDev;
  }

  /** Returns this version without its local label ({@code packaging}'s {@code public}). */
  public Version publicVersion() {
    return local == null ? this : new Version(nums, bigs, preLabel, hasPost, hasDev, null, null);
  }

  /** Returns the epoch and release only ({@code packaging}'s {@code base_version}). */
  public Version baseVersion() {
    if (preLabel == NO_PRE && !hasPost && !hasDev && local == null) {
      return this;
    }
    return withSuffix(NO_PRE, false, false, -1);
  }

  /**
   * Returns {@code packaging.utils.canonicalize_version(this)}: the normalised form with trailing
   * zeros of the release removed ({@code 1.0.0} gives {@code 1}, {@code 1.0+abc} gives
   * {@code 1+abc}). Versions that are equal have the same canonical form.
   */
  public String canonical() {
    return canonical(true);
  }

  /**
   * Returns the canonical form; with {@code stripTrailingZero} false this is {@link #toString()}.
   */
  public String canonical(boolean stripTrailingZero) {
    if (!stripTrailingZero) {
      return toString();
    }
    int releaseEnd = RELEASE + Math.max(1, trimmedLength);
    return releaseEnd == nums.length ? toString() : render(releaseEnd);
  }

  /** Returns the normalised form, {@code str(Version)} in Python. */
  @Override
  public String toString() {
    String s = text;
    if (s == null) {
      s = render(nums.length);
      text = s;
    }
    return s;
  }

  private String render(int releaseEnd) {
    StringBuilder sb = new StringBuilder(16);
    if (!isZero(EPOCH)) {
      appendNum(sb, EPOCH).append('!');
    }
    appendNum(sb, RELEASE);
    for (int i = RELEASE + 1; i < releaseEnd; i++) {
      appendNum(sb.append('.'), i);
    }
    if (preLabel != NO_PRE) {
      appendNum(sb.append(PRE_LABELS[preLabel]), PRE);
    }
    if (hasPost) {
      appendNum(sb.append(".post"), POST);
    }
    if (hasDev) {
      appendNum(sb.append(".dev"), DEV);
    }
    if (local != null) {
      sb.append('+').append(local);
    }
    return sb.toString();
  }

  private StringBuilder appendNum(StringBuilder sb, int i) {
    BigInteger[] b = bigs;
    if (b != null && b[i] != null) {
      return sb.append(b[i]);
    }
    return sb.append(nums[i]);
  }

  // ---------------------------------------------------------------- ordering

  /** Orders versions as PEP 440 and {@code packaging} do; consistent with {@link #equals}. */
  @Override
  public int compareTo(Version o) {
    int c = compareWithoutLocal(o);
    if (c != 0) {
      return c;
    }
    return compareLocal(localParts, o.localParts);
  }

  private static final int KEY_BITS = 20;
  private static final long KEY_MAX = (1L << KEY_BITS) - 1;

  private long computePrefixKey() {
    if (!isZero(EPOCH)) {
      return 1L << 62; // every non-zero epoch sorts after every epoch 0; compare fully
    }
    long key = 0;
    boolean saturated = false;
    for (int k = 0; k < 3; k++) {
      long part = 0;
      if (!saturated && k < trimmedLength) {
        int i = RELEASE + k;
        boolean big = bigs != null && bigs[i] != null;
        part = big || nums[i] >= KEY_MAX ? KEY_MAX : nums[i];
        saturated = part == KEY_MAX; // later parts no longer preserve order
      }
      key = (key << KEY_BITS) | part;
    }
    return key;
  }

  /** Compares as if neither version had a local label. */
  int compareWithoutLocal(Version o) {
    if (prefixKey != o.prefixKey) {
      return prefixKey < o.prefixKey ? -1 : 1;
    }
    int c = compareNum(EPOCH, o, EPOCH);
    if (c != 0) {
      return c;
    }
    int n = Math.min(trimmedLength, o.trimmedLength);
    for (int k = 0; k < n; k++) {
      c = compareNum(RELEASE + k, o, RELEASE + k);
      if (c != 0) {
        return c;
      }
    }
    if (trimmedLength != o.trimmedLength) {
      return trimmedLength < o.trimmedLength ? -1 : 1;
    }
    if (suffixRank != o.suffixRank) {
      return suffixRank < o.suffixRank ? -1 : 1;
    }
    if (preLabel != NO_PRE) {
      c = compareNum(PRE, o, PRE);
      if (c != 0) {
        return c;
      }
    }
    if (hasPost != o.hasPost) {
      return hasPost ? 1 : -1;
    }
    if (hasPost) {
      c = compareNum(POST, o, POST);
      if (c != 0) {
        return c;
      }
    }
    if (hasDev != o.hasDev) {
      return hasDev ? -1 : 1;
    }
    return hasDev ? compareNum(DEV, o, DEV) : 0;
  }

  private int compareNum(int i, Version o, int j) {
    BigInteger a = bigs == null ? null : bigs[i];
    BigInteger b = o.bigs == null ? null : o.bigs[j];
    if (a == null && b == null) {
      return Long.compare(nums[i], o.nums[j]);
    }
    if (a != null && b != null) {
      return a.compareTo(b);
    }
    // A number is held as BigInteger only when it exceeds every long.
    return a != null ? 1 : -1;
  }

  private static int compareLocal(String @Nullable [] a, String @Nullable [] b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int n = Math.min(a.length, b.length);
    for (int k = 0; k < n; k++) {
      String x = a[k];
      String y = b[k];
      boolean xn = isNumeric(x);
      boolean yn = isNumeric(y);
      int c;
      if (xn && yn) {
        c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      } else if (xn != yn) {
        c = xn ? 1 : -1; // strings sort before numbers
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static boolean isNumeric(String segment) {
    // Segments are non-empty and normalised: numeric ones are all digits.
    return PythonText.isAsciiDigits(segment);
  }

  /** Returns whether the versions are equal under PEP 440 ({@code 1.0 == 1.0.0}). */
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof Version && compareTo((Version) o) == 0);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = hashNum(EPOCH);
      for (int i = RELEASE; i < RELEASE + trimmedLength; i++) {
        h = 31 * h + hashNum(i);
      }
      h = 31 * h + suffixRank;
      if (preLabel != NO_PRE) {
        h = 31 * h + hashNum(PRE);
      }
      h = 31 * h + (hasPost ? 1 + hashNum(POST) : 0);
      h = 31 * h + (hasDev ? 1 + hashNum(DEV) : 0);
      h = 31 * h + Arrays.hashCode(localParts);
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  private int hashNum(int i) {
    BigInteger[] b = bigs;
    return b != null && b[i] != null ? b[i].hashCode() : Long.hashCode(nums[i]);
  }

  // ---------------------------------------------------------------- helpers for specifiers

  /** Returns this version with its suffix replaced; a negative number means "absent". */
  Version withSuffix(byte newPreLabel, boolean keepPost, boolean keepDev, long devNumber) {
    long[] n = nums.clone();
    BigInteger[] b = bigs == null ? null : bigs.clone();
    if (newPreLabel == NO_PRE) {
      n[PRE] = 0;
      clearBig(b, PRE);
    }
    if (!keepPost) {
      n[POST] = 0;
      clearBig(b, POST);
    }
    boolean dev = keepDev;
    if (devNumber >= 0) {
      n[DEV] = devNumber;
      clearBig(b, DEV);
      dev = true;
    } else if (!keepDev) {
      n[DEV] = 0;
      clearBig(b, DEV);
    }
    return new Version(n, b, newPreLabel, keepPost && hasPost, dev, null, null);
  }

  private static void clearBig(BigInteger @Nullable [] b, int i) {
    if (b != null) {
      b[i] = null;
    }
  }

  /** The version that this is a post-release of: without post, dev and local segments. */
  Version postBase() {
    return withSuffix(preLabel, false, false, -1);
  }

  /** The earliest pre-release of this version: dev set to 0, no local label. */
  Version earliestPrerelease() {
    return withSuffix(preLabel, true, false, 0);
  }

  private boolean isZero(int i) {
    return nums[i] == 0 && (bigs == null || bigs[i] == null);
  }

  private BigInteger big(int i) {
    BigInteger[] b = bigs;
    if (b != null && b[i] != null) {
      return b[i];
    }
    return BigInteger.valueOf(nums[i]);
  }

  // ---------------------------------------------------------------- parser

  /**
   * A hand-written equivalent of packaging's possessive {@code VERSION_PATTERN}: each optional group
   * is matched greedily and never given back, as the possessive quantifiers of Python 3.11.5+ do.
   */
  private static final class Parser {
    private final String s;
    private int pos;
    private int end;
    private long[] nums = new long[8];
    private BigInteger @Nullable [] bigs;
    private int count = RELEASE;
    private @Nullable String reason;
    private int failPos = -1;
    private boolean tooManyDigits;

    Parser(String s) {
      this.s = s;
    }

    String reason() {
      if (reason != null) {
        return reason;
      }
      if (failPos >= 0 && failPos < s.length()) {
        char c = s.charAt(failPos);
        String shown = c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        return "unexpected '" + shown + "' at position " + failPos;
      }
      return "incomplete version";
    }

    @Nullable Version run() {
      end = s.length();
      while (pos < end && PythonText.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      while (end > pos && PythonText.isWhitespace(s.charAt(end - 1))) {
        end--;
      }
      if (pos == end) {
        reason = "it is empty";
        return null;
      }
      if (at() == 'v' || at() == 'V') {
        pos++;
      }
      if (!digitAt(pos)) {
        return fail("a version must start with a number");
      }
      int first = readNumber(RELEASE);
      if (at() == '!') {
        moveTo(EPOCH, first);
        pos++;
        if (!digitAt(pos)) {
          return fail("expected a release number after the epoch");
        }
        readNumber(RELEASE);
      }
      count = RELEASE + 1;
      while (at() == '.' && digitAt(pos + 1)) {
        pos++;
        ensureCapacity();
        readNumber(count);
        count++;
      }

      byte preLabel = NO_PRE;
      int save = pos;
      if (isSeparator(at())) {
        pos++;
      }
      int letters = matchPreLabel();
      if (letters >= 0) {
        preLabel = (byte) letters;
        if (isSeparator(at())) {
          pos++;
        }
        if (digitAt(pos)) {
          readNumber(PRE);
        }
      } else {
        pos = save;
      }

      boolean hasPost = false;
      if (at() == '-' && digitAt(pos + 1)) {
        pos++;
        readNumber(POST);
        hasPost = true;
      } else {
        save = pos;
        if (isSeparator(at())) {
          pos++;
        }
        int len = matchWord("post") ? 4 : matchWord("rev") ? 3 : matchWord("r") ? 1 : 0;
        if (len > 0) {
          pos += len;
          if (isSeparator(at())) {
            pos++;
          }
          if (digitAt(pos)) {
            readNumber(POST);
          }
          hasPost = true;
        } else {
          pos = save;
        }
      }

      boolean hasDev = false;
      save = pos;
      if (isSeparator(at())) {
        pos++;
      }
      if (matchWord("dev")) {
        pos += 3;
        if (isSeparator(at())) {
          pos++;
        }
        if (digitAt(pos)) {
          readNumber(DEV);
        }
        hasDev = true;
      } else {
        pos = save;
      }

      String local = null;
      String[] localParts = null;
      if (at() == '+') {
        int start = pos + 1;
        if (!parseLocal(start)) {
          return null;
        }
        localParts = splitLocal(start, pos);
        local = String.join(".", localParts);
      }
      if (pos != end) {
        return fail(null);
      }
      if (tooManyDigits) {
        reason = "a number has more than " + MAX_DIGITS + " digits";
        return null;
      }
      long[] n = count == nums.length ? nums : Arrays.copyOf(nums, count);
      BigInteger[] b = bigs == null ? null : Arrays.copyOf(bigs, count);
      return new Version(n, b, preLabel, hasPost, hasDev, local, localParts);
    }

    private @Nullable Version fail(@Nullable String why) {
      reason = why;
      failPos = pos;
      return null;
    }

    private boolean parseLocal(int start) {
      pos = start;
      if (!alnumAt(pos)) {
        failPos = pos;
        reason = pos >= end ? "empty local version label after '+'" : null;
        return false;
      }
      while (alnumAt(pos)) {
        pos++;
      }
      while (isSeparator(at()) && alnumAt(pos + 1)) {
        pos++;
        while (alnumAt(pos)) {
          pos++;
        }
      }
      return true;
    }

    private String[] splitLocal(int start, int stop) {
      int parts = 1;
      for (int i = start; i < stop; i++) {
        if (isSeparator(s.charAt(i))) {
          parts++;
        }
      }
      String[] out = new String[parts];
      int k = 0;
      int segStart = start;
      for (int i = start; i <= stop; i++) {
        if (i == stop || isSeparator(s.charAt(i))) {
          out[k++] = normalizeLocalSegment(segStart, i);
          segStart = i + 1;
        }
      }
      return out;
    }

    private String normalizeLocalSegment(int from, int to) {
      boolean digits = true;
      for (int i = from; i < to; i++) {
        if (!PythonText.isAsciiDigit(s.charAt(i))) {
          digits = false;
          break;
        }
      }
      if (digits) {
        int i = from;
        while (i < to - 1 && s.charAt(i) == '0') {
          i++;
        }
        return s.substring(i, to);
      }
      char[] out = new char[to - from];
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        out[i - from] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      }
      return new String(out);
    }

    private char at() {
      return pos < end ? s.charAt(pos) : '\0';
    }

    private boolean digitAt(int i) {
      return i < end && PythonText.isAsciiDigit(s.charAt(i));
    }

    private boolean alnumAt(int i) {
      if (i >= end) {
        return false;
      }
      char c = s.charAt(i);
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSeparator(char c) {
      return c == '.' || c == '_' || c == '-';
    }

    /** ASCII case-insensitive match of a lower-case word at pos. */
    private boolean matchWord(String word) {
      int n = word.length();
      if (pos + n > end) {
        return false;
      }
      for (int k = 0; k < n; k++) {
        char c = s.charAt(pos + k);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        if (c != word.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    /** Matches alpha|a|beta|b|preview|pre|c|rc in that order; advances and returns the label. */
    private int matchPreLabel() {
      String[] words = PRE_WORDS;
      for (int k = 0; k < words.length; k++) {
        if (matchWord(words[k])) {
          pos += words[k].length();
          return Math.min(k / 2, 2);
        }
      }
      return -1;
    }

    private void ensureCapacity() {
      if (count == nums.length) {
        nums = Arrays.copyOf(nums, nums.length * 2);
        if (bigs != null) {
          bigs = Arrays.copyOf(bigs, nums.length);
        }
      }
    }

    private void moveTo(int slot, int from) {
      nums[slot] = nums[from];
      nums[from] = 0;
      if (bigs != null) {
        bigs[slot] = bigs[from];
        bigs[from] = null;
      }
    }

    /** Reads ASCII digits at pos into slot; returns the slot. */
    private int readNumber(int slot) {
      int start = pos;
      while (pos < end && PythonText.isAsciiDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos - start > MAX_DIGITS) {
        tooManyDigits = true;
        return slot;
      }
      int i = start;
      while (i < pos - 1 && s.charAt(i) == '0') {
        i++;
      }
      if (pos - i <= 18) {
        long v = 0;
        for (int k = i; k < pos; k++) {
          v = v * 10 + (s.charAt(k) - '0');
        }
        nums[slot] = v;
        if (bigs != null) {
          bigs[slot] = null;
        }
      } else {
        BigInteger v = new BigInteger(s.substring(i, pos));
        if (v.bitLength() < 64) {
          nums[slot] = v.longValue();
          if (bigs != null) {
            bigs[slot] = null;
          }
        } else {
          if (bigs == null) {
            bigs = new BigInteger[nums.length];
          }
          bigs[slot] = v;
          nums[slot] = 0;
        }
      }
      return slot;
    }
  }
}
