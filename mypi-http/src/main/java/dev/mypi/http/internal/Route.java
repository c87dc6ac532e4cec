package dev.mypi.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of resource mypi serves, and the parsing of a request path into one of them. Names
 * and filenames are percent-decoded here ({@code %2B} becomes {@code +}; a literal {@code +} stays
 * a plus, never a space); validation is left to the core.
 */
public enum Route {
  /** {@code /}: a landing page on GET, the upload endpoint on POST (pypiserver style). */
  ROOT,
  /** {@code /simple}: redirected to {@code /simple/}. */
  SIMPLE_NO_SLASH,
  /** {@code /simple/}: the project list. */
  SIMPLE_INDEX,
  /** {@code /simple/{project}} without the trailing slash: redirected. */
  PROJECT_NO_SLASH,
  /** {@code /simple/{project}/}: a project page. */
  PROJECT,
  /** {@code /files/{project}/{filename}}: a distribution file. */
  FILE,
  /** {@code /files/{project}/{filename}.metadata}: a PEP 658 metadata file. */
  CORE_METADATA,
  /** {@code /legacy} and {@code /legacy/}: the upload endpoint twine uses. */
  LEGACY_UPLOAD,
  /** {@code /health}: a liveness check. */
  HEALTH,
  /** Anything else: 404. */
  UNKNOWN;

  /** A parsed request path: the route and its decoded parameters. */
  public record Match(Route route, @Nullable String project, @Nullable String filename) {}

  private static final String METADATA_SUFFIX = ".metadata";

  /**
   * Parses {@code rawPath}, the still percent-encoded path below the servlet's mount point
   * (starting with {@code /}, or empty).
   */
  public static Match match(String rawPath) {
    String p = rawPath.isEmpty() ? "/" : rawPath;
    if (p.equals("/")) {
      return new Match(ROOT, null, null);
    }
    if (p.equals("/simple")) {
      return new Match(SIMPLE_NO_SLASH, null, null);
    }
    if (p.equals("/simple/")) {
      return new Match(SIMPLE_INDEX, null, null);
    }
    if (p.equals("/legacy") || p.equals("/legacy/")) {
      return new Match(LEGACY_UPLOAD, null, null);
    }
    if (p.equals("/health")) {
      return new Match(HEALTH, null, null);
    }
    List<String> segments = split(p);
    if (segments == null) {
      return new Match(UNKNOWN, null, null);
    }
    boolean trailingSlash = p.endsWith("/");
    if (segments.size() == 2 && segments.get(0).equals("simple")) {
      String project = decode(segments.get(1));
      if (project == null) {
        return new Match(UNKNOWN, null, null);
      }
      return new Match(trailingSlash ? PROJECT : PROJECT_NO_SLASH, project, null);
    }
    if (segments.size() == 3 && segments.get(0).equals("files") && !trailingSlash) {
      String project = decode(segments.get(1));
      String file = decode(segments.get(2));
      if (project == null || file == null || file.isEmpty()) {
        return new Match(UNKNOWN, null, null);
      }
      if (file.endsWith(METADATA_SUFFIX) && file.length() > METADATA_SUFFIX.length()) {
        return new Match(CORE_METADATA, project, file.substring(0, file.length() - METADATA_SUFFIX.length()));
      }
      return new Match(FILE, project, file);
    }
    return new Match(UNKNOWN, null, null);
  }

  private static @Nullable List<String> split(String p) {
    List<String> out = new ArrayList<>(3);
    int i = 1;
    while (i <= p.length()) {
      int slash = p.indexOf('/', i);
      int end = slash < 0 ? p.length() : slash;
      if (end == i) {
        if (slash < 0 || slash == p.length() - 1) {
          break; // trailing slash
        }
        return null; // empty segment: "//"
      }
      out.add(p.substring(i, end));
      if (slash < 0) {
        break;
      }
      i = slash + 1;
    }
    return out;
  }

  /** Percent-decodes a path segment as UTF-8; returns null when the encoding is malformed. */
  static @Nullable String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    byte[] out = new byte[segment.length()];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return null;
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        return null; // a raw request URI is ASCII; anything else is not a path we serve
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
