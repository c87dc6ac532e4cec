package dev.mypi.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link Version} beyond the conformance vectors: messages, accessors, big numbers. */
class VersionTest {

  @Test
  void invalidVersionMessageQuotesTheInput() {
    assertThatThrownBy(() -> Version.parse("1.0-"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageStartingWith("Invalid version '1.0-': ")
        .hasMessageContaining("position 3")
        .satisfies(e -> assertThat(((InvalidVersionException) e).input()).isEqualTo("1.0-"));
  }

  @Test
  void emptyVersionSaysItIsEmpty() {
    assertThatThrownBy(() -> Version.parse("  "))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("Invalid version '  ': it is empty");
  }

  @Test
  void wordsAreRejectedWithAReason() {
    assertThatThrownBy(() -> Version.parse("french toast"))
        .hasMessage("Invalid version 'french toast': a version must start with a number");
    assertThatThrownBy(() -> Version.parse("1.0+"))
        .hasMessage("Invalid version '1.0+': empty local version label after '+'");
  }

  @Test
  void trailingZerosCompareEqualButArePrinted() {
    Version a = Version.parse("1.0");
    Version b = Version.parse("1.0.0");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(b.toString()).isEqualTo("1.0.0");
    assertThat(b.canonical()).isEqualTo("1");
  }

  @Test
  void numbersBeyondLongAreExact() {
    Version v = Version.parse("99999999999999999999.1");
    assertThat(v.release()).containsExactly(new BigInteger("99999999999999999999"), BigInteger.ONE);
    assertThat(v).isGreaterThan(Version.parse("9223372036854775807.9"));
    assertThat(Version.parse("1.0a99999999999999999999999"))
        .isGreaterThan(Version.parse("1.0a9223372036854775807"))
        .isLessThan(Version.parse("1.0b0"));
  }

  @Test
  void javaWhitespaceThatPythonDoesNotStripIsRejected() {
    assertThat(Version.isValid("\u00a01.0\u202f")).isTrue();
    assertThat(Version.isValid("\u200b1.0")).isFalse();
    assertThat(Version.isValid("1.0\ufeff")).isFalse();
  }

  @Test
  void classifiesPreAndPostReleases() {
    Version v = Version.parse("1.0a1.post2.dev3+Ubuntu-1");
    assertThat(v.pre()).contains(new PreRelease("a", BigInteger.ONE));
    assertThat(v.post()).contains(BigInteger.TWO);
    assertThat(v.dev()).contains(BigInteger.valueOf(3));
    assertThat(v.local()).contains("ubuntu.1");
    assertThat(v.isPrerelease()).isTrue();
    assertThat(v.isPostrelease()).isTrue();
    assertThat(v.isDevrelease()).isTrue();
    assertThat(v.publicVersion()).hasToString("1.0a1.post2.dev3");
    assertThat(v.baseVersion()).hasToString("1.0");
  }

  @Test
  void canonicalizeReturnsInvalidInputUnchanged() {
    assertThat(Version.canonicalize("foo bar")).isEqualTo("foo bar");
    assertThat(Version.canonicalize("1.4.0.0.0")).isEqualTo("1.4");
  }

  @Test
  void numbersLongerThanPythonConvertsAreRejected() {
    assertThat(Version.isValid("1." + "9".repeat(4300))).isTrue();
    assertThatThrownBy(() -> Version.parse("1." + "9".repeat(4301)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageEndingWith("a number has more than 4300 digits");
  }
}
