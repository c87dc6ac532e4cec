package dev.mypi.core.simple;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PEP 691 server-side content negotiation: picks the {@link SimpleFormat} to answer with from the
 * request's {@code Accept} header or its {@code ?format=} parameter.
 *
 * <pre>{@code
 * ContentNegotiation negotiation = ContentNegotiation.strict();
 * Optional<SimpleFormat> format = negotiation.select(acceptHeader);  // empty: answer 406
 * }</pre>
 *
 * <p>Rules for {@code Accept}:
 *
 * <ul>
 *   <li>Entries are comma-separated media ranges ({@code type/subtype}, {@code type/*} or {@code
 *       *}{@code /*}) with optional parameters, matched case-insensitively; {@code q} is 0 to 1 with
 *       at most three decimals and defaults to 1; {@code q=0} means "not acceptable".
 *   <li>Each format takes the q of the most specific range that matches it (exact, then {@code
 *       type/*}, then {@code *}{@code /*}). The {@code latest+json} and {@code latest+html} types
 *       match the {@code v1} formats.
 *   <li>Only q counts, never the order of the header. Ties go to the server's preference: {@code
 *       text/html}, then {@code v1+html}, then {@code v1+json} (as PyPI), so no header, {@code
 *       *}{@code /*} and "everything at q=1" give {@link SimpleFormat#HTML}.
 *   <li>Malformed entries (no {@code /}, a bad q, {@code *}{@code /html}) are skipped. A header
 *       with no well-formed entry at all counts as absent.
 * </ul>
 *
 * <p>When nothing is acceptable, a {@linkplain #strict() strict} negotiation returns empty (406 Not
 * Acceptable, the spec's recommendation); a {@linkplain #fallbackToHtml() falling-back} one returns
 * {@link SimpleFormat#HTML}, as PyPI does. Instances are immutable and thread-safe.
 */
public final class ContentNegotiation {
  private static final ContentNegotiation STRICT = new ContentNegotiation(false);
  private static final ContentNegotiation FALLBACK = new ContentNegotiation(true);

  // Server preference order: index into this array breaks q ties.
  private static final SimpleFormat[] OFFERS = {
    SimpleFormat.HTML, SimpleFormat.HTML_V1, SimpleFormat.JSON_V1
  };
  private static final int NO_MATCH = -1;
  private static final int SPECIFICITY_ANY = 0;
  private static final int SPECIFICITY_TYPE = 1;
  private static final int SPECIFICITY_EXACT = 2;

  private final boolean fallbackToHtml;

  private ContentNegotiation(boolean fallbackToHtml) {
    this.fallbackToHtml = fallbackToHtml;
  }

  /** Returns the negotiation that answers "not acceptable" (empty) when nothing matches. */
  public static ContentNegotiation strict() {
    return STRICT;
  }

  /** Returns the negotiation that answers {@link SimpleFormat#HTML} when nothing matches. */
  public static ContentNegotiation fallbackToHtml() {
    return FALLBACK;
  }

  /** Returns whether this negotiation falls back to HTML instead of "not acceptable". */
  public boolean fallsBackToHtml() {
    return fallbackToHtml;
  }

  /**
   * Returns the format to answer a request whose {@code Accept} header is {@code accept} (null if
   * the request had none), or empty if none is acceptable (only in {@linkplain #strict() strict}
   * mode).
   */
  public Optional<SimpleFormat> select(@Nullable String accept) {
    if (accept == null) {
      return Optional.of(SimpleFormat.HTML);
    }
    Scores scores = new Scores();
    int length = accept.length();
    int start = 0;
    while (start <= length) {
      int comma = accept.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      scoreEntry(accept, start, end, scores);
      start = end + 1;
    }
    if (!scores.anyWellFormed) {
      return Optional.of(SimpleFormat.HTML);
    }
    int best = -1;
    for (int i = 0; i < OFFERS.length; i++) {
      if (scores.quality[i] > 0 && (best < 0 || scores.quality[i] > scores.quality[best])) {
        best = i;
      }
    }
    return best >= 0 ? Optional.of(OFFERS[best]) : notAcceptable();
  }

  /**
   * Returns the format named by a PEP 691 {@code ?format=} URL parameter: one exact media type,
   * case-insensitive, no wildcards or parameters; the {@code latest} types map to {@code v1}. An
   * unknown value gives empty in strict mode and {@link SimpleFormat#HTML} when falling back.
   */
  public Optional<SimpleFormat> forFormatParameter(String format) {
    int s = trimStart(format, 0, format.length());
    int e = trimEnd(format, s, format.length());
    int offer = exactOffer(format, s, e);
    return offer >= 0 ? Optional.of(OFFERS[offer]) : notAcceptable();
  }

  @Override
  public String toString() {
    return fallbackToHtml ? "ContentNegotiation.fallbackToHtml()" : "ContentNegotiation.strict()";
  }

  private Optional<SimpleFormat> notAcceptable() {
    return fallbackToHtml ? Optional.of(SimpleFormat.HTML) : Optional.empty();
  }

  /** Per-offer q (thousandths) and the specificity of the range that set it. */
  private static final class Scores {
    final int[] quality = new int[OFFERS.length];
    final int[] specificity = {NO_MATCH, NO_MATCH, NO_MATCH};
    boolean anyWellFormed;

    void offer(int index, int rangeSpecificity, int q) {
      if (rangeSpecificity > specificity[index]) {
        specificity[index] = rangeSpecificity;
        quality[index] = q;
      } else if (rangeSpecificity == specificity[index] && q > quality[index]) {
        quality[index] = q;
      }
    }
  }

  private static void scoreEntry(String h, int start, int end, Scores scores) {
    int s = trimStart(h, start, end);
    int e = trimEnd(h, s, end);
    if (s == e) {
      return; // empty entry, e.g. a trailing comma
    }
    int semicolon = indexOf(h, ';', s, e);
    int rangeEnd = trimEnd(h, s, semicolon < 0 ? e : semicolon);
    int slash = indexOf(h, '/', s, rangeEnd);
    if (slash <= s || slash == rangeEnd - 1) {
      return;
    }
    int q = 1000;
    if (semicolon >= 0) {
      q = quality(h, semicolon + 1, e);
      if (q < 0) {
        return;
      }
    }
    boolean anyType = slash - s == 1 && h.charAt(s) == '*';
    boolean anySubtype = rangeEnd - slash == 2 && h.charAt(slash + 1) == '*';
    if (anyType) {
      if (!anySubtype) {
        return; // "*/html" is not a media range
      }
      scores.anyWellFormed = true;
      for (int i = 0; i < OFFERS.length; i++) {
        scores.offer(i, SPECIFICITY_ANY, q);
      }
      return;
    }
    scores.anyWellFormed = true;
    if (anySubtype) {
      if (regionIs(h, s, slash, "text")) {
        scores.offer(0, SPECIFICITY_TYPE, q);
      } else if (regionIs(h, s, slash, "application")) {
        scores.offer(1, SPECIFICITY_TYPE, q);
        scores.offer(2, SPECIFICITY_TYPE, q);
      }
      return;
    }
    int offer = exactOffer(h, s, rangeEnd);
    if (offer >= 0) {
      scores.offer(offer, SPECIFICITY_EXACT, q);
    }
  }

  /** Returns the offer index for the exact media type {@code h[s, e)}, or -1. */
  private static int exactOffer(String h, int s, int e) {
    if (regionIs(h, s, e, "text/html")) {
      return 0;
    }
    if (regionIs(h, s, e, "application/vnd.pypi.simple.v1+html")
        || regionIs(h, s, e, "application/vnd.pypi.simple.latest+html")) {
      return 1;
    }
    if (regionIs(h, s, e, "application/vnd.pypi.simple.v1+json")
        || regionIs(h, s, e, "application/vnd.pypi.simple.latest+json")) {
      return 2;
    }
    return -1;
  }

  /**
   * Returns the q of the parameters in {@code h[s, e)} in thousandths: 1000 if there is no q, -1
   * if the q is malformed. Parameters after q (accept-ext) are ignored.
   */
  private static int quality(String h, int s, int e) {
    int pos = s;
    while (pos < e) {
      int next = indexOf(h, ';', pos, e);
      int paramEnd = next < 0 ? e : next;
      int ps = trimStart(h, pos, paramEnd);
      int eq = indexOf(h, '=', ps, paramEnd);
      if (eq > ps && regionIs(h, ps, trimEnd(h, ps, eq), "q")) {
        int vs = trimStart(h, eq + 1, paramEnd);
        return parseQuality(h, vs, trimEnd(h, vs, paramEnd));
      }
      pos = paramEnd + 1;
    }
    return 1000;
  }

  /** Parses an RFC 9110 qvalue ({@code 0[.ddd]} or {@code 1[.000]}) to thousandths, or -1. */
  private static int parseQuality(String h, int s, int e) {
    if (s == e) {
      return -1;
    }
    char first = h.charAt(s);
    if (first != '0' && first != '1') {
      return -1;
    }
    int value = (first - '0') * 1000;
    if (e - s == 1) {
      return value;
    }
    if (h.charAt(s + 1) != '.' || e - s > 5) {
      return -1;
    }
    int scale = 100;
    for (int i = s + 2; i < e; i++) {
      char c = h.charAt(i);
      if (c < '0' || c > '9' || (first == '1' && c != '0')) {
        return -1;
      }
      value += (c - '0') * scale;
      scale /= 10;
    }
    return value;
  }

  private static boolean regionIs(String h, int s, int e, String expected) {
    return e - s == expected.length() && h.regionMatches(true, s, expected, 0, expected.length());
  }

  private static int indexOf(String h, char c, int s, int e) {
    int i = h.indexOf(c, s);
    return i >= 0 && i < e ? i : -1;
  }

  private static int trimStart(String h, int s, int e) {
    while (s < e && isWhitespace(h.charAt(s))) {
      s++;
    }
    return s;
  }

  private static int trimEnd(String h, int s, int e) {
    while (e > s && isWhitespace(h.charAt(e - 1))) {
      e--;
    }
    return e;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
