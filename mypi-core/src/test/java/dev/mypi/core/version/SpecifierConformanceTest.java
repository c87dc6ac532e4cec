package dev.mypi.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mypi.core.internal.text.Printable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every line of {@code specifier_requires_python.jsonl} (packaging 26.2). */
class SpecifierConformanceTest {

  static Stream<Arguments> vectors() {
    return ConformanceVectors.lines("specifier_requires_python.jsonl");
  }

  @ParameterizedTest(name = "specifier_requires_python.jsonl:{0}")
  @MethodSource("vectors")
  void matchesPackaging(int line, JsonNode v) {
    String specifier = v.get("specifier").asText();
    String version = v.get("version").asText();
    assertThat(Version.isValid(version)).as("version_valid").isEqualTo(v.get("version_valid").asBoolean());
    if (!v.get("valid").asBoolean()) {
      assertThat(SpecifierSet.isValid(specifier)).as("valid").isFalse();
      assertThatThrownBy(() -> SpecifierSet.parse(specifier))
          .isInstanceOf(InvalidSpecifierException.class)
          // quoted escaped: tabs stay, other whitespace such as U+2000 shows as \u2000
          .hasMessageContaining("'" + Printable.ascii(specifier) + "'");
      return;
    }
    SpecifierSet set = SpecifierSet.parse(specifier);
    JsonNode pre = v.get("prereleases");
    Boolean prereleases = pre.isNull() ? null : pre.asBoolean();
    boolean expected = v.get("contains").asBoolean();
    assertThat(set.contains(version, prereleases)).as("contains").isEqualTo(expected);
    if (prereleases == null) {
      assertThat(set.contains(version)).as("contains(String)").isEqualTo(expected);
    }
    // The Version overloads agree whenever === does not compare the raw string.
    if (Version.isValid(version) && !specifier.contains("===")) {
      Version parsed = Version.parse(version);
      boolean viaVersion = prereleases == null ? set.contains(parsed) : set.contains(parsed, prereleases);
      assertThat(viaVersion).as("contains(Version)").isEqualTo(expected);
    }
    // The normalised form parses back to an equal set.
    assertThat(SpecifierSet.parse(set.toString())).isEqualTo(set);
  }
}
