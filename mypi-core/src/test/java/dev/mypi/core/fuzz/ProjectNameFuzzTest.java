package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.name.InvalidProjectNameException;
import dev.mypi.core.name.ProjectName;

/**
 * {@link ProjectName#of}: any string is a name or an {@link InvalidProjectNameException} with a
 * one-line, printable message; an accepted name is plain ASCII and its normal form is stable.
 */
class ProjectNameFuzzTest {
  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void of(byte[] data) {
    String input = FuzzInputs.utf8(data);
    ProjectName name;
    try {
      name = ProjectName.of(input);
    } catch (InvalidProjectNameException e) {
      assertThat(e.input()).isEqualTo(input);
      assertThat(e.getMessage()).matches("[\\x20-\\x7e\\t]+");
      return;
    }
    assertThat(input).matches("[A-Za-z0-9._-]+");
    assertThat(ProjectName.normalize(name.normalized())).isEqualTo(name.normalized());
    assertThat(ProjectName.isNormalized(name.normalized())).isTrue();
    assertThat(ProjectName.of(name.normalized())).isEqualTo(name);
  }
}
