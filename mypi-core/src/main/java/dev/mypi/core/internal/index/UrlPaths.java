package dev.mypi.core.internal.index;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL path segments (RFC 3986 unreserved characters stay as they are). */
final class UrlPaths {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlPaths() {}

  /** Encodes {@code segment} so that {@code +}, {@code !}, {@code %}, spaces and non-ASCII survive. */
  static String encodeSegment(String segment) {
    StringBuilder sb = null;
    byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (plain) {
        if (sb != null) {
          sb.append((char) c);
        }
      } else {
        if (sb == null) {
          sb = new StringBuilder(bytes.length + 8);
          for (int j = 0; j < i; j++) {
            sb.append((char) (bytes[j] & 0xff));
          }
        }
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return sb == null ? segment : sb.toString();
  }
}
