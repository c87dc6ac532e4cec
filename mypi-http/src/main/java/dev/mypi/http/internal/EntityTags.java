package dev.mypi.http.internal;

import org.jspecify.annotations.Nullable;

/**
 * Entity-tag comparisons for conditional requests (RFC 9110 §8.8.3, §13.1): {@code If-None-Match}
 * uses the weak comparison, {@code If-Range} the strong one.
 */
public final class EntityTags {
  private EntityTags() {}

  /**
   * Returns whether an {@code If-None-Match} header matches {@code etag} (a quoted tag), so that a
   * GET or HEAD is answered 304. Handles lists, {@code *} and weak tags.
   */
  public static boolean noneMatchHits(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String want = opaque(etag);
    int i = 0;
    int n = ifNoneMatch.length();
    while (i < n) {
      while (i < n && (ifNoneMatch.charAt(i) == ' ' || ifNoneMatch.charAt(i) == ',' || ifNoneMatch.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (ifNoneMatch.charAt(i) == '*') {
        return true;
      }
      int start = i;
      if (ifNoneMatch.startsWith("W/", i)) {
        i += 2;
      }
      if (i < n && ifNoneMatch.charAt(i) == '"') {
        int close = ifNoneMatch.indexOf('"', i + 1);
        if (close < 0) {
          return false;
        }
        if (ifNoneMatch.substring(i, close + 1).equals(want)) {
          return true;
        }
        i = close + 1;
      } else {
        // unquoted junk: skip to the next comma
        int comma = ifNoneMatch.indexOf(',', start);
        i = comma < 0 ? n : comma + 1;
      }
    }
    return false;
  }

  /**
   * Returns whether an {@code If-Range} value still designates the current representation: a
   * strong entity tag equal to {@code etag}, or an HTTP date equal to {@code lastModifiedHttpDate}.
   */
  public static boolean ifRangeHolds(String ifRange, String etag, @Nullable String lastModifiedHttpDate) {
    String v = ifRange.trim();
    if (v.startsWith("W/")) {
      return false; // weak tags never match in If-Range
    }
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    return lastModifiedHttpDate != null && v.equals(lastModifiedHttpDate);
  }

  private static String opaque(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }
}
