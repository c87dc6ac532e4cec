package dev.mypi.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Legacy forms, messages and accessors of the distribution filename types. */
class DistributionFilenameTest {

  @Test
  void wheelExposesItsParts() {
    WheelFilename w = WheelFilename.parse("Foo.Bar-1.0-1abc-py2.py3-none-any.whl");
    assertThat(w.name()).isEqualTo("Foo.Bar");
    assertThat(w.normalizedName()).isEqualTo("foo-bar");
    assertThat(w.version()).hasToString("1.0");
    assertThat(w.buildTag()).contains(new BuildTag(BigInteger.ONE, "abc"));
    assertThat(w.pythonTag()).isEqualTo("py2.py3");
    assertThat(w.abiTag()).isEqualTo("none");
    assertThat(w.platformTag()).isEqualTo("any");
    assertThat(w.tags()).containsExactly("py2-none-any", "py3-none-any");
    assertThat(w.type().filetype()).isEqualTo("bdist_wheel");
    assertThat(w.isLegacy()).isFalse();
  }

  @Test
  void buildTagsSortByNumberThenSuffix() {
    assertThat(new BuildTag(BigInteger.TWO, "")).isGreaterThan(new BuildTag(BigInteger.ONE, "z"));
    assertThat(new BuildTag(BigInteger.ONE, "a")).isGreaterThan(new BuildTag(BigInteger.ONE, ""));
  }

  @Test
  void pep625SdistIsNotLegacy() {
    SdistFilename s = (SdistFilename) DistributionFilename.parse("foo_bar-1.0.tar.gz");
    assertThat(s.isPep625()).isTrue();
    assertThat(s.isLegacy()).isFalse();
    assertThat(s.type().filetype()).isEqualTo("sdist");
    assertThat(s.extension()).isEqualTo(".tar.gz");
  }

  @Test
  void nonNormalisedOrZipSdistsAreLegacy() {
    assertThat(DistributionFilename.parse("Foo.Bar-1.0.tar.gz").isLegacy()).isTrue();
    assertThat(DistributionFilename.parse("foo_bar-1.0.0-1.tar.gz").isLegacy()).isTrue();
    assertThat(DistributionFilename.parse("foo_bar-1.0.zip").isLegacy()).isTrue();
    assertThat(DistributionFilename.parse("Foo.Bar-1.0.tar.gz").normalizedName()).isEqualTo("foo-bar");
  }

  @Test
  void eggsAreRecognisedAsLegacy() {
    DistributionFilename f = DistributionFilename.parse("Name-1.0-py3.8.egg");
    assertThat(f).isInstanceOf(LegacyFilename.class);
    assertThat(f.type()).isEqualTo(DistributionType.EGG);
    assertThat(f.type().filetype()).isEqualTo("bdist_egg");
    assertThat(f.normalizedName()).isEqualTo("name");
    assertThat(f.version()).hasToString("1.0");
    assertThat(f.isLegacy()).isTrue();
    assertThat(((LegacyFilename) f).pythonVersion()).contains("py3.8");
    LegacyFilename platformEgg = LegacyFilename.parse("my_pkg-2.1-py2.7-linux-x86_64.egg");
    assertThat(platformEgg.normalizedName()).isEqualTo("my-pkg");
  }

  @Test
  void oldArchiveSdistsAreRecognisedAsLegacy() {
    for (String name : new String[] {"foo-1.0.tar.bz2", "foo-1.0.tgz", "foo-1.0.tar.xz", "foo-1.0.tar"}) {
      DistributionFilename f = DistributionFilename.parse(name);
      assertThat(f.type()).as(name).isEqualTo(DistributionType.SDIST);
      assertThat(f.isLegacy()).as(name).isTrue();
      assertThat(f.version()).as(name).hasToString("1.0");
    }
  }

  @Test
  void nonDistributionsAreRejectedWithTheirName() {
    for (String name : new String[] {"README.txt", "foo.exe", "foo-1.0.win32.exe", "index.html"}) {
      assertThatThrownBy(() -> DistributionFilename.parse(name))
          .as(name)
          .isInstanceOf(InvalidFilenameException.class)
          .hasMessageStartingWith("Invalid distribution filename '" + name + "': ")
          .satisfies(e -> assertThat(((InvalidFilenameException) e).filename()).isEqualTo(name));
    }
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertThatThrownBy(() -> DistributionFilename.parse("foo-1.0.whl"))
        .hasMessageContaining("'foo-1.0.whl'")
        .hasMessageContaining("5 or 6 dash-separated parts");
    assertThatThrownBy(() -> DistributionFilename.parse("foo-french.toast-py3-none-any.whl"))
        .hasMessageContaining("invalid version 'french.toast'");
    assertThatThrownBy(() -> DistributionFilename.parse("foo-1.0-x-py3-none-any.whl"))
        .hasMessageContaining("build tag 'x' must start with a digit");
    assertThatThrownBy(() -> SdistFilename.parse("foo.tar.gz"))
        .hasMessageContaining("no '-' found");
    assertThatThrownBy(() -> SdistFilename.parse("foo-1.0.tar.bz2"))
        .hasMessageContaining("'.tar.gz' or '.zip'");
  }

  @Test
  void filetypeLooksUpTypes() {
    assertThat(DistributionType.fromFiletype("sdist")).contains(DistributionType.SDIST);
    assertThat(DistributionType.fromFiletype("bdist_wininst")).isEmpty();
  }
}
