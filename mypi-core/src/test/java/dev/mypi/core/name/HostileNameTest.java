package dev.mypi.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names with NUL, control, invisible or look-alike characters, and how they are quoted back. */
class HostileNameTest {
  static Stream<Arguments> hostileNames() {
    return Stream.of(
        Arguments.of("fl\u0000ask", "fl\\x00ask"),
        Arguments.of("fl\nask", "fl\\x0aask"),
        Arguments.of("fl\u007fask", "fl\\x7fask"),
        Arguments.of("fl\u0430sk", "fl\\u0430sk"), // Cyrillic a
        Arguments.of("\uff46lask", "\\uff46lask"), // fullwidth f
        Arguments.of("fla\u200bsk", "fla\\u200bsk"), // zero-width space
        Arguments.of("fl\u202eksa", "fl\\u202eksa"), // right-to-left override
        Arguments.of("flask\ufeff", "flask\\ufeff")); // byte-order mark
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("hostileNames")
  void projectNameRejectsHostileCharactersQuotingThemEscaped(String input, String escaped) {
    InvalidProjectNameException e =
        catchThrowableOfType(InvalidProjectNameException.class, () -> ProjectName.of(input));

    assertThat(e.getMessage()).startsWith("Invalid project name '" + escaped + "': ");
    assertThat(e.getMessage()).matches("[\\x20-\\x7e]+");
    assertThat(e.input()).isEqualTo(input);
  }

  @Test
  void filenameMessagesQuoteNulAndInvisibleCharactersEscaped() {
    assertThatThrownBy(() -> DistributionFilename.parse("fla\u200bsk-1.0-py3-none-any.whl"))
        .isInstanceOf(InvalidFilenameException.class)
        .hasMessageStartingWith("Invalid distribution filename 'fla\\u200bsk-1.0-py3-none-any.whl': ");
    assertThatThrownBy(() -> DistributionFilename.parse("fl\0ask-1.0-py3-none-any.whl"))
        .hasMessageStartingWith("Invalid distribution filename 'fl\\x00ask-1.0-py3-none-any.whl': ");
  }

  @Test
  void filenameRejectionMessageEscapesNonAsciiInTheReason() {
    // fuzz finding: the reason quoted the name part raw ('D\ufffdmo')
    assertThatThrownBy(() -> DistributionFilename.parse("D\ufffdmo-0.0jo_r-.egg"))
        .isInstanceOf(InvalidFilenameException.class)
        .message()
        .matches("[\\x20-\\x7e]+")
        .contains("'D\\ufffdmo'");
  }

  @Test
  void filenameParserFollowsPackagingOnLookAlikesSoUploadRulesRejectThem() {
    // packaging.utils.parse_sdist_filename accepts these; UploadRules (ASCII-only filenames) and
    // the check of the filename against the form's ProjectName refuse them at upload
    assertThat(DistributionFilename.parse("fl\u0430sk-1.0.tar.gz").name()).isEqualTo("fl\u0430sk");
    assertThat(ProjectName.isValid("fl\u0430sk")).isFalse();
  }
}
