package dev.mypi.core.internal.text;

/**
 * Escapes untrusted text for error messages, the way Python's {@code repr} does ({@code \x00},
 * {@code \u200b}, {@code \U0001f40d}), so that a message stays on one line and shows what was
 * really sent: a NUL, a line break, a right-to-left override or a zero-width space cannot hide in
 * it, and (with {@link #ascii}) neither can a Cyrillic {@code а} posing as a Latin {@code a}.
 */
public final class Printable {
  private Printable() {}

  /**
   * Returns {@code text} with every character escaped that would break a one-line message or be
   * invisible in it: C0 and C1 controls other than tab (line breaks included), the line and
   * paragraph separators, format characters (bidirectional overrides, zero-width characters, the
   * byte-order mark) and unpaired surrogates. Everything else, non-ASCII letters included, is kept.
   */
  public static String oneLine(String text) {
    return escape(text, false);
  }

  /**
   * Returns {@code text} with every character but printable ASCII and tab escaped: for input that
   * must be ASCII anyway (project names, filenames, versions), where a look-alike is the fault.
   */
  public static String ascii(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean asciiOnly) {
    int i = 0;
    while (i < text.length() && !mustEscape(text.codePointAt(i), asciiOnly)) {
      i += Character.charCount(text.codePointAt(i));
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    while (i < text.length()) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (!mustEscape(c, asciiOnly)) {
        out.appendCodePoint(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", c));
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%08x", c));
      }
    }
    return out.toString();
  }

  private static boolean mustEscape(int c, boolean asciiOnly) {
    if (c >= 0x20 && c < 0x7f || c == '\t') {
      return false; // a tab keeps the line; Python's packaging reads it as whitespace in versions
    }
    if (asciiOnly) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
