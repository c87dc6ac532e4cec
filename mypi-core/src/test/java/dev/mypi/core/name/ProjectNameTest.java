package dev.mypi.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A name made with its normalised form known shares that string, and refuses a wrong one. */
class ProjectNameTest {
  @Test
  void aNameMadeWithItsNormalisedFormSharesThatString() {
    String normalized = new String("foo-bar");

    ProjectName name = ProjectName.of("Foo_Bar", normalized);

    assertThat(name.displayName()).isEqualTo("Foo_Bar");
    assertThat(name.normalized()).isSameAs(normalized);
    assertThat(name).isEqualTo(ProjectName.of("Foo_Bar"));
  }

  @Test
  void aWrongNormalisedFormIsRefusedWithBothForms() {
    assertThatThrownBy(() -> ProjectName.of("Foo_Bar", "foo-baz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'foo-baz'")
        .hasMessageContaining("'foo-bar'");
  }

  @Test
  void anInvalidDisplayNameIsRefusedAsByOf() {
    assertThatThrownBy(() -> ProjectName.of("-bad", "bad")).isInstanceOf(InvalidProjectNameException.class);
  }
}
