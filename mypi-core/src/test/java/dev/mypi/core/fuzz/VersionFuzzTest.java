package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.version.InvalidVersionException;
import dev.mypi.core.version.Version;

/** {@link Version#parse}: any string is a version or an {@link InvalidVersionException}. */
class VersionFuzzTest {
  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void parse(byte[] data) {
    String input = FuzzInputs.utf8(data);
    Version version;
    try {
      version = Version.parse(input);
    } catch (InvalidVersionException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // a parsed version survives its own string form and compares equal to it
    Version again = Version.parse(version.toString());
    assertThat(again).isEqualTo(version);
    assertThat(again.compareTo(version)).isZero();
    assertThat(Version.isValid(input)).isTrue();
  }
}
