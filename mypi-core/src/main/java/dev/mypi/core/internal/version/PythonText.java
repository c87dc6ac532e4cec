package dev.mypi.core.internal.version;

/**
 * Character classes and string operations as CPython defines them, where Java's differ.
 *
 * <p>Python's {@code str.strip()} and regex {@code \s} use {@code str.isspace()}, which includes
 * U+001C..U+001F, U+0085, U+00A0 and U+202F, unlike {@link Character#isWhitespace}; it excludes
 * U+200B, U+FEFF, U+180E and U+2060. Python's regex {@code \w} (Unicode mode) is
 * {@code str.isalnum()} or {@code _}: any letter or number category.
 */
public final class PythonText {
  /** The characters of Python's {@code \s}, as the body of a Java regex character class. */
  public static final String WHITESPACE_CLASS_BODY =
      "\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

  private PythonText() {}

  /** Returns whether {@code c} is whitespace for Python ({@code str.isspace()}). */
  public static boolean isWhitespace(char c) {
    if (c <= 0x20) {
      return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
    }
    if (c < 0x85) {
      return false;
    }
    return c == 0x85
        || c == 0xa0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200a)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202f
        || c == 0x205f
        || c == 0x3000;
  }

  /** Returns {@code s} without leading and trailing Python whitespace ({@code str.strip()}). */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** Returns whether the code point matches Python's Unicode regex {@code \w}. */
  public static boolean isWordCodePoint(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    }
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** Returns whether {@code c} is an ASCII digit (regex {@code [0-9]}). */
  public static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Returns whether {@code s} is non-empty and all ASCII digits. */
  public static boolean isAsciiDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Compares two strings by code point, as Python compares {@code str} values. */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
