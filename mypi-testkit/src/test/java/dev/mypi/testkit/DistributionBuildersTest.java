package dev.mypi.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.metadata.MetadataReader;
import dev.mypi.core.name.DistributionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link WheelBuilder} and {@link SdistBuilder} put into their archives. */
class DistributionBuildersTest {
  @TempDir Path tmp;

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static Map<String, byte[]> untar(byte[] tarGz) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static String text(Map<String, byte[]> entries, String name) {
    assertThat(entries).containsKey(name);
    return new String(entries.get(name), UTF_8);
  }

  @Test
  void wheelHasMetadataWheelEntryPointsAndARecordWithCorrectHashes() throws Exception {
    Distribution wheel =
        WheelBuilder.of("My.Tool", "2.0rc1")
            .requires("requests>=2")
            .requires("tomli; python_version < \"3.11\"")
            .extra("socks", "pysocks>=1.5", "win-inet-pton; sys_platform == \"win32\"")
            .requiresPython(">=3.8")
            .summary("A tool")
            .metadataField("Classifier", "Private :: Do Not Upload")
            .module("my_tool.cli", "def main(): pass\n")
            .consoleScript("my-tool", "my_tool.cli:main")
            .entryPoint("my_tool.plugins", "extra", "my_tool.cli:main")
            .dataFile("share/my-tool/config.toml", "x = 1\n")
            .build();

    assertThat(wheel.filename()).isEqualTo("my_tool-2.0rc1-py3-none-any.whl");
    assertThat(wheel.type()).isEqualTo(DistributionType.WHEEL);
    Map<String, byte[]> entries = unzip(wheel.content());
    assertThat(entries.keySet())
        .containsExactly(
            "my_tool/__init__.py",
            "my_tool/cli.py",
            "my_tool-2.0rc1.data/data/share/my-tool/config.toml",
            "my_tool-2.0rc1.dist-info/METADATA",
            "my_tool-2.0rc1.dist-info/WHEEL",
            "my_tool-2.0rc1.dist-info/entry_points.txt",
            "my_tool-2.0rc1.dist-info/RECORD");
    assertThat(text(entries, "my_tool/__init__.py")).contains("__version__ = '2.0rc1'");
    assertThat(text(entries, "my_tool-2.0rc1.dist-info/WHEEL")).contains("Root-Is-Purelib: true\n").contains("Tag: py3-none-any\n");
    assertThat(text(entries, "my_tool-2.0rc1.dist-info/entry_points.txt"))
        .isEqualTo("[console_scripts]\nmy-tool = my_tool.cli:main\n\n[my_tool.plugins]\nextra = my_tool.cli:main\n\n");
    String record = text(entries, "my_tool-2.0rc1.dist-info/RECORD");
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (!e.getKey().endsWith("/RECORD")) {
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
        assertThat(record).contains(e.getKey() + ",sha256=" + hash + "," + e.getValue().length + "\n");
      }
    }
    assertThat(record).endsWith("my_tool-2.0rc1.dist-info/RECORD,,\n");

    CoreMetadata metadata = wheel.metadata();
    assertThat(metadata.name()).isEqualTo("My.Tool");
    assertThat(metadata.version()).isEqualTo("2.0rc1");
    assertThat(metadata.requiresPython()).contains(">=3.8");
    assertThat(metadata.providesExtra()).containsExactly("socks");
    assertThat(metadata.requiresDist())
        .containsExactly(
            "requests>=2",
            "tomli; python_version < \"3.11\"",
            "pysocks>=1.5; extra == \"socks\"",
            "win-inet-pton; (sys_platform == \"win32\") and extra == \"socks\"");
    assertThat(metadata.classifiers()).containsExactly("Private :: Do Not Upload");
  }

  @Test
  void mypiReadsTheWheelAsAValidDistribution() throws Exception {
    Path file = WheelBuilder.of("foo", "1.0").requires("bar").writeTo(tmp);

    DistributionContents contents = MetadataReader.create().inspect(file, file.getFileName().toString());

    assertThat(contents.hasWheelFile()).isTrue();
    assertThat(contents.metadata().requiresDist()).containsExactly("bar");
    assertThat(Distribution.read(file).sha256()).isEqualTo(WheelBuilder.of("foo", "1.0").requires("bar").build().sha256());
  }

  @Test
  void platformWheelsAreJustTagsAndNotPurelib() throws Exception {
    Distribution cp = WheelBuilder.of("native", "1.0").tag("cp311-cp311-manylinux_2_17_x86_64").buildTag("1").build();
    Distribution win = WheelBuilder.of("native", "1.0").platform("win_amd64").build();
    Distribution multi = WheelBuilder.of("compat", "1.0").tag("py2.py3-none-any").build();

    assertThat(cp.filename()).isEqualTo("native-1.0-1-cp311-cp311-manylinux_2_17_x86_64.whl");
    String wheelFile = text(unzip(cp.content()), "native-1.0.dist-info/WHEEL");
    assertThat(wheelFile).contains("Root-Is-Purelib: false").contains("Tag: cp311-cp311-manylinux_2_17_x86_64").contains("Build: 1");
    assertThat(win.filename()).isEqualTo("native-1.0-py3-none-win_amd64.whl");
    assertThat(text(unzip(multi.content()), "compat-1.0.dist-info/WHEEL")).contains("Tag: py2-none-any\nTag: py3-none-any\n");
  }

  @Test
  void archivesAreDeterministic() {
    assertThat(WheelBuilder.of("foo", "1.0").module("foo.x", "X = 1\n").toBytes())
        .isEqualTo(WheelBuilder.of("foo", "1.0").module("foo.x", "X = 1\n").toBytes());
    assertThat(SdistBuilder.of("foo", "1.0").toBytes()).isEqualTo(SdistBuilder.of("foo", "1.0").toBytes());
    assertThat(SdistBuilder.of("foo", "1.0").zip().toBytes()).isEqualTo(SdistBuilder.of("foo", "1.0").zip().toBytes());
  }

  @Test
  void moduleNamedLikeTheDefaultPackageReplacesItsInitAndTheDefaultCanBeLeftOut() throws Exception {
    Map<String, byte[]> replaced = unzip(WheelBuilder.of("foo", "1.0").module("foo", "X = 2\n").toBytes());
    Map<String, byte[]> without = unzip(WheelBuilder.of("foo", "1.0").withoutDefaultPackage().module("bar", "Y = 1\n").toBytes());

    assertThat(text(replaced, "foo/__init__.py")).isEqualTo("X = 2\n");
    assertThat(without).containsKey("bar.py").doesNotContainKey("foo/__init__.py");
  }

  @Test
  void sdistHasPkgInfoPyprojectSourcesAndAnInTreeBackend() throws Exception {
    Distribution sdist =
        SdistBuilder.of("My-Lib", "1.0")
            .requires("six")
            .extra("yaml", "pyyaml")
            .requiresPython(">=3.8")
            .module("my_lib.util", "X = 1\n")
            .source("README.md", "# my-lib\n")
            .consoleScript("my-lib", "my_lib.util:main")
            .build();

    assertThat(sdist.filename()).isEqualTo("my_lib-1.0.tar.gz");
    assertThat(sdist.type()).isEqualTo(DistributionType.SDIST);
    Map<String, byte[]> entries = untar(sdist.content());
    assertThat(entries.keySet())
        .containsExactly(
            "my_lib-1.0/PKG-INFO",
            "my_lib-1.0/pyproject.toml",
            "my_lib-1.0/_mypi_build.py",
            "my_lib-1.0/my_lib/__init__.py",
            "my_lib-1.0/my_lib/util.py",
            "my_lib-1.0/README.md");
    assertThat(text(entries, "my_lib-1.0/PKG-INFO")).contains("Name: My-Lib\n").contains("Requires-Dist: pyyaml; extra == \"yaml\"\n");
    assertThat(text(entries, "my_lib-1.0/pyproject.toml"))
        .contains("requires = []\nbuild-backend = \"_mypi_build\"\nbackend-path = [\".\"]")
        .contains("name = \"My-Lib\"")
        .contains("requires-python = \">=3.8\"")
        .contains("dependencies = [\"six\"]")
        .contains("[project.optional-dependencies]\n\"yaml\" = [\"pyyaml\"]")
        .contains("[project.scripts]\n\"my-lib\" = \"my_lib.util:main\"");
    assertThat(text(entries, "my_lib-1.0/_mypi_build.py")).contains("def build_wheel(");
    assertThat(sdist.metadata().requiresPython()).contains(">=3.8");
    assertThat(SdistBuilder.of("My-Lib", "1.0").zip().filename()).isEqualTo("my_lib-1.0.zip");
  }

  @Test
  void readsRealFilesAndWritesThemBack() throws Exception {
    Path written = SdistBuilder.of("foo", "1.0").writeTo(tmp.resolve("in"));

    Distribution read = Distribution.read(written);

    assertThat(read.name()).isEqualTo("foo");
    assertThat(read.version()).isEqualTo("1.0");
    assertThat(Files.readAllBytes(read.writeTo(tmp.resolve("out")))).isEqualTo(Files.readAllBytes(written));
    assertThat(read.toString()).contains("foo-1.0.tar.gz").contains(read.sha256());
  }

  @Test
  void rejectsProgrammerErrors() {
    assertThatThrownBy(() -> WheelBuilder.of("not a name", "1.0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
    assertThatThrownBy(() -> WheelBuilder.of("foo", "1.0").tag("py3-none")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WheelBuilder.of("foo", "1.0").file("../evil.py", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WheelBuilder.of("foo", "1.0").module("foo-bar", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SdistBuilder.of("foo", "1.0").source("PKG-INFO", "")).isInstanceOf(IllegalArgumentException.class);
  }
}
