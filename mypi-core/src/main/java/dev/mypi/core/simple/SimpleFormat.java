package dev.mypi.core.simple;

/**
 * The representations of a simple-repository page (PEP 503, PEP 691), each with the exact
 * lowercase media type to send as {@code Content-Type}.
 *
 * <p>The {@code latest} aliases ({@code application/vnd.pypi.simple.latest+json}, {@code
 * …latest+html}) are not formats: {@link ContentNegotiation} maps them to the {@code v1} ones,
 * because a response must name the concrete version.
 */
public enum SimpleFormat {
  /** Legacy HTML, {@code text/html}; what browsers, old pip and {@code Accept: *}{@code /*} get. */
  HTML("text/html"),
  /** Versioned HTML, {@code application/vnd.pypi.simple.v1+html}. */
  HTML_V1("application/vnd.pypi.simple.v1+html"),
  /** PEP 691 JSON, {@code application/vnd.pypi.simple.v1+json}. */
  JSON_V1("application/vnd.pypi.simple.v1+json");

  private final String contentType;

  SimpleFormat(String contentType) {
    this.contentType = contentType;
  }

  /**
   * Returns the media type, lowercase and without parameters, e.g. {@code
   * application/vnd.pypi.simple.v1+json}; the HTTP layer may append {@code ; charset=utf-8} (no
   * space before the {@code ;}: uv compares the part before it exactly).
   */
  public String contentType() {
    return contentType;
  }

  /** Returns whether this is the JSON representation. */
  public boolean isJson() {
    return this == JSON_V1;
  }
}
