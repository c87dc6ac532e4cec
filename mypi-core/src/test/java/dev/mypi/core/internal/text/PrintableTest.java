package dev.mypi.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void oneLineEscapesControlFormatAndSeparatorCharactersLikePythonRepr() {
    assertThat(Printable.oneLine("a\0b\nc\r\u0085d\u2028e\u202ef\u200bg\ufeffh"))
        .isEqualTo("a\\x00b\\x0ac\\x0d\\x85d\\u2028e\\u202ef\\u200bg\\ufeffh");
  }

  @Test
  void oneLineKeepsTabsLettersAndEmojiAndEscapesUnpairedSurrogates() {
    assertThat(Printable.oneLine("x\ty ünï 🐍")).isEqualTo("x\ty ünï 🐍");
    assertThat(Printable.oneLine("a\ud83db")).isEqualTo("a\\ud83db");
  }

  @Test
  void asciiEscapesLookAlikesFullwidthLettersAndAstralCharacters() {
    assertThat(Printable.ascii("fl\u0430sk")).isEqualTo("fl\\u0430sk");
    assertThat(Printable.ascii("\uff26lask")).isEqualTo("\\uff26lask");
    assertThat(Printable.ascii("é🐍")).isEqualTo("\\xe9\\U0001f40d");
    assertThat(Printable.ascii("plain-ascii_1.0")).isEqualTo("plain-ascii_1.0");
  }
}
