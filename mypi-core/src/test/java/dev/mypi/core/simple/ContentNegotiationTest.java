package dev.mypi.core.simple;

import static dev.mypi.core.simple.SimpleFormat.HTML;
import static dev.mypi.core.simple.SimpleFormat.HTML_V1;
import static dev.mypi.core.simple.SimpleFormat.JSON_V1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentNegotiationTest {
  private static final String PIP =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1,"
          + " text/html; q=0.01";
  private static final String UV =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
          + " text/html;q=0.01";
  private static final String POETRY = "application/vnd.pypi.simple.v1+json, */*;q=0.1";
  private static final String FIREFOX =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  /** Accept headers some format is acceptable for: strict and fallback modes agree. */
  static Stream<Arguments> acceptable() {
    return Stream.of(
        // PROTOCOL.md §3.2 matrix
        Arguments.of(null, HTML),
        Arguments.of("*/*", HTML),
        Arguments.of("text/html", HTML),
        Arguments.of("application/vnd.pypi.simple.v1+html", HTML_V1),
        Arguments.of(PIP, JSON_V1),
        Arguments.of(UV, JSON_V1),
        Arguments.of("application/vnd.pypi.simple.v1+json;q=0.1, text/html", HTML),
        Arguments.of("application/vnd.pypi.simple.latest+json", JSON_V1),
        Arguments.of("text/*;q=0.5, application/vnd.pypi.simple.v1+json;q=0", HTML),
        // other real clients
        Arguments.of(POETRY, JSON_V1),
        Arguments.of("application/vnd.pypi.simple.v1+json", JSON_V1), // bandersnatch
        Arguments.of(FIREFOX, HTML),
        // ties go to the server's order, whatever the header's order
        Arguments.of(
            "text/html, application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json",
            HTML),
        Arguments.of(
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html",
            HTML),
        Arguments.of(
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html", HTML_V1),
        Arguments.of("application/*", HTML_V1),
        // q decides, not order
        Arguments.of("text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.6", JSON_V1),
        Arguments.of("application/vnd.pypi.simple.v1+json;q=0.6, text/html;q=0.5", JSON_V1),
        Arguments.of("text/html;q=0.001, application/vnd.pypi.simple.v1+json;q=0.002", JSON_V1),
        Arguments.of("application/vnd.pypi.simple.latest+html", HTML_V1),
        Arguments.of(
            "application/vnd.pypi.simple.latest+json, application/vnd.pypi.simple.v1+html;q=0.9",
            JSON_V1),
        // the most specific range sets a format's q
        Arguments.of("*/*;q=0.1, application/vnd.pypi.simple.v1+json", JSON_V1),
        Arguments.of("*/*, application/vnd.pypi.simple.v1+json;q=0", HTML),
        Arguments.of("application/*;q=0.5, application/vnd.pypi.simple.v1+json", JSON_V1),
        Arguments.of("application/*;q=0.9, application/vnd.pypi.simple.v1+html;q=0.1", JSON_V1),
        Arguments.of("text/*, text/html;q=0.2, application/*;q=0.3", HTML_V1),
        // case and whitespace
        Arguments.of("APPLICATION/VND.PYPI.SIMPLE.V1+JSON", JSON_V1),
        Arguments.of("Text/HTML;Q=0.5, application/vnd.pypi.simple.v1+json;Q=0.4", HTML),
        Arguments.of(
            "  application/vnd.pypi.simple.v1+json  ;  q = 1.000  ,text/html;q=0.999  ", JSON_V1),
        Arguments.of("application/vnd.pypi.simple.v1+json,text/html;q=0.5", JSON_V1),
        Arguments.of("\tapplication/vnd.pypi.simple.v1+json;\tq=0.7,\ttext/html;q=0.6", JSON_V1),
        Arguments.of("text/html;q=1., application/vnd.pypi.simple.v1+json;q=0.", HTML),
        // other parameters are ignored
        Arguments.of(
            "application/vnd.pypi.simple.v1+json; charset=utf-8; q=0.5, text/html;q=0.4", JSON_V1),
        Arguments.of("text/html;level=1;q=0.2, application/vnd.pypi.simple.v1+json;q=0.3", JSON_V1),
        Arguments.of("text/html;q=0.2;ext=1, application/vnd.pypi.simple.v1+json;q=0.3", JSON_V1),
        // junk entries are skipped; all-junk counts as no header
        Arguments.of("", HTML),
        Arguments.of("   ", HTML),
        Arguments.of(",,,", HTML),
        Arguments.of("garbage", HTML),
        Arguments.of("*/html", HTML),
        Arguments.of("text/html;q=1.5", HTML),
        Arguments.of("garbage, application/vnd.pypi.simple.v1+json", JSON_V1),
        Arguments.of("text/html;q=abc, application/vnd.pypi.simple.v1+json;q=0.5", JSON_V1),
        Arguments.of("text/html;q=0.0001, application/vnd.pypi.simple.v1+json;q=0.5", JSON_V1),
        Arguments.of("text/html;q=, application/vnd.pypi.simple.v1+json;q=0.5", JSON_V1),
        Arguments.of("/html, application/, application/vnd.pypi.simple.v1+json;q=0.5", JSON_V1),
        Arguments.of("application/vnd.pypi.simple.v1+json,", JSON_V1));
  }

  /** Accept headers nothing is acceptable for: 406 when strict, HTML when falling back. */
  static Stream<String> notAcceptable() {
    return Stream.of(
        "application/vnd.pypi.simple.v2+json",
        "application/json",
        "application/vnd.pypi.simple.v1+json;q=0",
        "text/html;q=0",
        "*/*;q=0",
        "text/html;q=0.000, application/vnd.pypi.simple.v1+html;q=0",
        "text/*, text/html;q=0",
        "image/png, text/plain",
        "application/vnd.pypi.simple.v1+xml",
        "text/html+json",
        "application/vnd.pypi.simple.v1+jsonx");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("acceptable")
  void selectsByQualityThenServerPreference(@Nullable String accept, SimpleFormat expected) {
    assertThat(ContentNegotiation.strict().select(accept)).contains(expected);
    assertThat(ContentNegotiation.fallbackToHtml().select(accept)).contains(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("notAcceptable")
  void strictAnswersNotAcceptableWhenNothingMatches(String accept) {
    assertThat(ContentNegotiation.strict().select(accept)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("notAcceptable")
  void fallbackAnswersHtmlWhenNothingMatches(String accept) {
    assertThat(ContentNegotiation.fallbackToHtml().select(accept)).contains(HTML);
  }

  @Test
  void knowsItsMode() {
    assertThat(ContentNegotiation.strict().fallsBackToHtml()).isFalse();
    assertThat(ContentNegotiation.fallbackToHtml().fallsBackToHtml()).isTrue();
  }

  @Test
  void formatParameterNamesOneExactType() {
    ContentNegotiation strict = ContentNegotiation.strict();

    assertThat(strict.forFormatParameter("text/html")).contains(HTML);
    assertThat(strict.forFormatParameter("application/vnd.pypi.simple.v1+html")).contains(HTML_V1);
    assertThat(strict.forFormatParameter("application/vnd.pypi.simple.v1+json")).contains(JSON_V1);
    assertThat(strict.forFormatParameter("application/vnd.pypi.simple.latest+json"))
        .contains(JSON_V1);
    assertThat(strict.forFormatParameter("application/vnd.pypi.simple.latest+html"))
        .contains(HTML_V1);
    assertThat(strict.forFormatParameter(" Application/Vnd.PyPI.Simple.V1+JSON ")).contains(JSON_V1);
  }

  @Test
  void formatParameterRejectsWildcardsParametersAndUnknownTypes() {
    for (String format :
        new String[] {
          "*/*", "text/*", "application/*", "", "json", "application/json",
          "application/vnd.pypi.simple.v2+json", "application/vnd.pypi.simple.v1+json;q=1",
          "text/html, application/vnd.pypi.simple.v1+json"
        }) {
      assertThat(ContentNegotiation.strict().forFormatParameter(format)).as(format).isEmpty();
      assertThat(ContentNegotiation.fallbackToHtml().forFormatParameter(format))
          .as(format)
          .isEqualTo(Optional.of(HTML));
    }
  }

  @Test
  void formatsCarryExactLowercaseContentTypes() {
    assertThat(HTML.contentType()).isEqualTo("text/html");
    assertThat(HTML_V1.contentType()).isEqualTo("application/vnd.pypi.simple.v1+html");
    assertThat(JSON_V1.contentType()).isEqualTo("application/vnd.pypi.simple.v1+json");
    assertThat(JSON_V1.isJson()).isTrue();
    assertThat(HTML.isJson()).isFalse();
    assertThat(HTML_V1.isJson()).isFalse();
  }

  @Test
  void rendererForEachFormatReportsThatFormat() {
    for (SimpleFormat format : SimpleFormat.values()) {
      assertThat(PageRenderer.forFormat(format).format()).isEqualTo(format);
    }
  }
}
