package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.version.InvalidSpecifierException;
import dev.mypi.core.version.SpecifierSet;
import dev.mypi.core.version.Version;

/** {@link SpecifierSet#parse}: any string is a specifier set or an {@link InvalidSpecifierException}. */
class SpecifierSetFuzzTest {
  private static final Version PROBE = Version.parse("3.12.1");

  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void parse(byte[] data) {
    String input = FuzzInputs.utf8(data);
    SpecifierSet set;
    try {
      set = SpecifierSet.parse(input);
    } catch (InvalidSpecifierException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    boolean contains = set.contains(PROBE);
    SpecifierSet again = SpecifierSet.parse(set.toString());
    assertThat(again.contains(PROBE)).isEqualTo(contains);
  }
}
