package dev.mypi.core.internal.upload;

import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A header value of the form {@code token *(";" name "=" (token / quoted-string))}, as in {@code
 * Content-Type} and {@code Content-Disposition}. Parameter names are lower-cased; the first
 * occurrence of a name wins. In quoted strings only {@code \\} and {@code \"} are escapes, as
 * Python's {@code email.utils.unquote} (and so PyPI) reads them; other backslashes stay.
 */
final class HeaderValue {
  private final String value;
  private final ImmutableMap<String, String> parameters;

  private HeaderValue(String value, ImmutableMap<String, String> parameters) {
    this.value = value;
    this.parameters = parameters;
  }

  /** Parses {@code header}; never fails, unparseable parameters are skipped. */
  static HeaderValue parse(String header) {
    int n = header.length();
    int semicolon = header.indexOf(';');
    String value = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
    int i = semicolon < 0 ? n : semicolon + 1;
    Map<String, String> parameters = new LinkedHashMap<>();
    while (i < n) {
      i = skipSpace(header, i);
      int nameStart = i;
      while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';') {
        i++;
      }
      String name = header.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
      if (i >= n || header.charAt(i) == ';') {
        i++;
        continue; // a parameter without a value
      }
      i = skipSpace(header, i + 1);
      StringBuilder paramValue = new StringBuilder();
      if (i < n && header.charAt(i) == '"') {
        i++;
        while (i < n && header.charAt(i) != '"') {
          char c = header.charAt(i);
          if (c == '\\' && i + 1 < n && (header.charAt(i + 1) == '\\' || header.charAt(i + 1) == '"')) {
            c = header.charAt(++i);
          }
          paramValue.append(c);
          i++;
        }
        i++; // closing quote (or end)
        while (i < n && header.charAt(i) != ';') {
          i++;
        }
      } else {
        int valueStart = i;
        while (i < n && header.charAt(i) != ';') {
          i++;
        }
        paramValue.append(header, valueStart, i);
        String stripped = paramValue.toString().strip();
        paramValue.setLength(0);
        paramValue.append(stripped);
      }
      i++; // the ';'
      if (!name.isEmpty()) {
        parameters.putIfAbsent(name, paramValue.toString());
      }
    }
    return new HeaderValue(value, ImmutableMap.copyOf(parameters));
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** Returns the value before the first {@code ;}, trimmed, case as sent. */
  String value() {
    return value;
  }

  /** Returns parameter {@code name} (lower case), or null if absent. */
  @Nullable String parameter(String name) {
    return parameters.get(name);
  }

  /**
   * Returns the file name: {@code filename*} (RFC 5987, UTF-8 or ISO-8859-1) if present and
   * decodable, else {@code filename}, else null.
   */
  @Nullable String filename() {
    String extended = parameters.get("filename*");
    if (extended != null) {
      String decoded = decodeRfc5987(extended);
      if (decoded != null) {
        return decoded;
      }
    }
    return parameters.get("filename");
  }

  /** Decodes {@code charset'language'percent-encoded}; null if malformed. */
  static @Nullable String decodeRfc5987(String extended) {
    int first = extended.indexOf('\'');
    int second = first < 0 ? -1 : extended.indexOf('\'', first + 1);
    if (second < 0) {
      return null;
    }
    Charset charset;
    try {
      charset = Charset.forName(extended.substring(0, first).strip());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
    if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.ISO_8859_1)) {
      return null;
    }
    String encoded = extended.substring(second + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          return null;
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    return bytes.toString(charset);
  }
}
