package dev.mypi.http.internal;

import org.jspecify.annotations.Nullable;

/** Reads an {@code Accept-Encoding} header (RFC 9110 §12.5.3) without allocating. */
public final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Returns whether {@code header} accepts {@code gzip}: listed without {@code q=0}. A {@code *}
   * is not taken as gzip (clients that want compression name it; pip and uv do).
   */
  public static boolean allowsGzip(@Nullable String header) {
    if (header == null) {
      return false;
    }
    int n = header.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSeparator(header.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && header.charAt(i) != ',' && header.charAt(i) != ';' && !isSpace(header.charAt(i))) {
        i++;
      }
      boolean gzip = i - start == 4 && header.regionMatches(true, start, "gzip", 0, 4);
      boolean zeroQ = false;
      while (i < n && header.charAt(i) != ',') {
        if (header.charAt(i) == ';') {
          int p = i + 1;
          while (p < n && isSpace(header.charAt(p))) {
            p++;
          }
          if (p + 1 < n && (header.charAt(p) == 'q' || header.charAt(p) == 'Q') && header.charAt(p + 1) == '=') {
            zeroQ = isZero(header, p + 2);
          }
        }
        i++;
      }
      if (gzip) {
        return !zeroQ;
      }
    }
    return false;
  }

  /** Returns whether the q-value at {@code from} is 0 (0, 0., 0.0, 0.000). */
  private static boolean isZero(String s, int from) {
    int i = from;
    if (i >= s.length() || s.charAt(i) != '0') {
      return false;
    }
    i++;
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      while (i < s.length() && s.charAt(i) == '0') {
        i++;
      }
    }
    return i >= s.length() || s.charAt(i) == ',' || s.charAt(i) == ';' || isSpace(s.charAt(i));
  }

  private static boolean isSeparator(char c) {
    return c == ',' || isSpace(c);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
