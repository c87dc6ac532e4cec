package dev.mypi.core.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.internal.metadata.EmailHeaderParser.Header;
import dev.mypi.core.internal.metadata.EmailHeaderParser.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Edge cases, each checked against Python 3.11 {@code packaging.metadata.parse_email}. */
class EmailHeaderParserTest {

  private static Message parse(String s) {
    return EmailHeaderParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void skipsEnvelopeLineAndNamelessHeaderWithItsContinuation() {
    Message message =
        parse("From nobody\nMetadata-Version: 2.1\nName: foo\n: orphan\n  cont\nVersion: 1.0\n");

    assertThat(message.headers())
        .containsExactly(
            new Header("Metadata-Version", "2.1"), new Header("Name", "foo"), new Header("Version", "1.0"));
    assertThat(message.body()).isNull();
  }

  @Test
  void ignoresLeadingContinuationAndSplitsLinesOnLoneCarriageReturns() {
    Message message = parse("  leading\nMetadata-Version: 2.1\nName: foo\nVersion: 1.0\rSummary: x\r\rbody");

    assertThat(message.headers())
        .containsExactly(
            new Header("Metadata-Version", "2.1"),
            new Header("Name", "foo"),
            new Header("Version", "1.0"),
            new Header("Summary", "x"));
    assertThat(message.body()).isEqualTo("body");
  }

  @Test
  void keepsTrailingWhitespaceOnlyContinuation() {
    Message message = parse("Summary: x\n  ");

    assertThat(message.headers()).containsExactly(new Header("Summary", "x\n  "));
  }
}
