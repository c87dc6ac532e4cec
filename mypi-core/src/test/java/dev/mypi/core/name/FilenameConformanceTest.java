package dev.mypi.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mypi.core.version.ConformanceVectors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every line of {@code wheel_filenames.jsonl} and {@code sdist_filenames.jsonl} (packaging
 * 26.2), following the stricter packaging 26.3 answer where a line carries {@code valid_26_3}.
 */
class FilenameConformanceTest {

  static Stream<Arguments> wheels() {
    return ConformanceVectors.lines("wheel_filenames.jsonl");
  }

  static Stream<Arguments> sdists() {
    return ConformanceVectors.lines("sdist_filenames.jsonl");
  }

  private static boolean expectedValid(JsonNode v) {
    JsonNode strict = v.get("valid_26_3");
    return strict != null ? strict.asBoolean() : v.get("valid").asBoolean();
  }

  @ParameterizedTest(name = "wheel_filenames.jsonl:{0}")
  @MethodSource("wheels")
  void parsesWheelFilenamesLikePackaging(int line, JsonNode v) {
    String input = v.get("input").asText();
    if (!expectedValid(v)) {
      assertThatThrownBy(() -> WheelFilename.parse(input))
          .isInstanceOf(InvalidFilenameException.class)
          .satisfies(e -> assertThat(((InvalidFilenameException) e).filename()).isEqualTo(input));
      assertThatThrownBy(() -> WheelFilename.parse(input, true))
          .isInstanceOf(InvalidFilenameException.class);
      return;
    }
    WheelFilename wheel = WheelFilename.parse(input);
    assertThat(wheel.normalizedName()).as("name").isEqualTo(v.get("name").asText());
    assertThat(wheel.version().toString()).as("version").isEqualTo(v.get("version").asText());
    JsonNode build = v.get("build");
    if (build.isNull()) {
      assertThat(wheel.buildTag()).as("build").isEmpty();
    } else {
      assertThat(wheel.buildTag())
          .as("build")
          .contains(new BuildTag(build.get(0).bigIntegerValue(), build.get(1).asText()));
    }
    List<String> tags = new ArrayList<>();
    v.get("tags").forEach(t -> tags.add(t.asText()));
    assertThat(wheel.tags()).as("tags").containsExactlyInAnyOrderElementsOf(tags);
    assertThat(wheel.filename()).isEqualTo(input);
    assertThat(wheel.type()).isEqualTo(DistributionType.WHEEL);
    assertThat(DistributionFilename.parse(input)).isEqualTo(wheel);
    if (v.get("valid_with_validate_order").asBoolean()) {
      assertThat(WheelFilename.parse(input, true).tags()).isEqualTo(wheel.tags());
    } else {
      assertThatThrownBy(() -> WheelFilename.parse(input, true))
          .isInstanceOf(InvalidFilenameException.class)
          .hasMessageContaining("sorted order");
    }
  }

  @ParameterizedTest(name = "sdist_filenames.jsonl:{0}")
  @MethodSource("sdists")
  void parsesSdistFilenamesLikePackaging(int line, JsonNode v) {
    String input = v.get("input").asText();
    if (!expectedValid(v)) {
      assertThatThrownBy(() -> SdistFilename.parse(input))
          .isInstanceOf(InvalidFilenameException.class)
          .satisfies(e -> assertThat(((InvalidFilenameException) e).filename()).isEqualTo(input));
      return;
    }
    SdistFilename sdist = SdistFilename.parse(input);
    assertThat(sdist.normalizedName()).as("name").isEqualTo(v.get("name").asText());
    assertThat(sdist.version().toString()).as("version").isEqualTo(v.get("version").asText());
    assertThat(sdist.type()).isEqualTo(DistributionType.SDIST);
    assertThat(sdist.extension()).isIn(".tar.gz", ".zip");
    assertThat(DistributionFilename.parse(input)).isEqualTo(sdist);
    assertThat(sdist.isLegacy()).isEqualTo(!sdist.isPep625());
    assertThat(sdist.version().release()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(BigInteger.ZERO));
  }
}
