package dev.mypi.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The specifier rules of PROTOCOL.md §7.6, spelled out. */
class SpecifierSetTest {

  private static boolean contains(String set, String version) {
    return SpecifierSet.parse(set).contains(Version.parse(version));
  }

  @Test
  void equalityIgnoresLocalLabelsUnlessTheSpecifierHasOne() {
    assertThat(contains("==1.0", "1.0+local")).isTrue();
    assertThat(contains("==1.0+local", "1.0")).isFalse();
    assertThat(contains("!=1.0", "1.0+local")).isFalse();
  }

  @Test
  void prefixMatchingCoversPreAndPatchReleases() {
    assertThat(contains("==1.0.*", "1.0rc1")).isTrue();
    assertThat(contains("==1.0.*", "1.0.5")).isTrue();
    assertThat(contains("==1.0.*", "1.1")).isFalse();
  }

  @Test
  void compatibleReleaseIsAPrefixMatchPlusLowerBound() {
    assertThat(contains("~=1.4.2", "1.4.9")).isTrue();
    assertThat(contains("~=1.4.2", "1.5")).isFalse();
    assertThat(contains("~=1.4", "1.9")).isTrue();
    assertThat(contains("~=1.4", "2.0")).isFalse();
  }

  @Test
  void exclusiveBoundsSkipPostAndPreReleasesOfTheBound() {
    assertThat(contains(">1.0", "1.0.post1")).isFalse();
    assertThat(contains(">1.0", "1.0.1")).isTrue();
    assertThat(contains("<2.0", "2.0a1")).isFalse();
    assertThat(contains("<2.0", "2.0.dev1")).isFalse();
    assertThat(contains("<2.0", "1.9")).isTrue();
  }

  @Test
  void arbitraryEqualityComparesStrings() {
    assertThat(SpecifierSet.parse("===1.0").contains("1.0")).isTrue();
    assertThat(SpecifierSet.parse("===1.0").contains("1.0.0")).isFalse();
  }

  @Test
  void preReleasesAreContainedByDefaultSincePackaging26() {
    SpecifierSet set = SpecifierSet.parse(">=1.0");
    assertThat(set.contains(Version.parse("2.0a1"))).isTrue();
    assertThat(set.contains(Version.parse("2.0a1"), false)).isFalse();
  }

  @Test
  void emptySetContainsEverything() {
    SpecifierSet set = SpecifierSet.parse("");
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.contains(Version.parse("0.0.dev0"))).isTrue();
    assertThat(set.toString()).isEmpty();
  }

  @Test
  void normalisedFormIsSortedAndDeduplicated() {
    assertThat(SpecifierSet.parse(" >= 3.8 , <4,>=3.8.0,!=3.9.*").toString())
        .isEqualTo("!=3.9.*,<4,>=3.8");
  }

  @Test
  void invalidSpecifierMessageQuotesTheInput() {
    assertThatThrownBy(() -> SpecifierSet.parse(">=3.8, >3.9+local"))
        .isInstanceOf(InvalidSpecifierException.class)
        .hasMessageStartingWith("Invalid version specifier '>=3.8, >3.9+local': clause '>3.9+local'")
        .satisfies(e -> assertThat(((InvalidSpecifierException) e).input()).isEqualTo(">=3.8, >3.9+local"));
    assertThatThrownBy(() -> SpecifierSet.parse("3.8"))
        .hasMessage("Invalid version specifier '3.8': it must start with one of ~= == != <= >= < > ===");
  }

  @Test
  void veryLongClausesAreParsedWithoutOverflowingTheStack() {
    // Requires-Python comes from uploads: a huge release must be a parse result, not an Error.
    String longRelease = "1" + ".1".repeat(20_000);
    assertThat(SpecifierSet.isValid("==" + longRelease + "x")).isFalse();
    assertThat(SpecifierSet.parse(">=" + longRelease).contains(Version.parse("2"))).isTrue();
    assertThat(SpecifierSet.isValid("==1.0+" + "a.".repeat(10_000) + "b")).isTrue();
  }
}
