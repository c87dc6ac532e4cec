package dev.mypi.core.metadata;

import static dev.mypi.core.metadata.TestArchives.METADATA;
import static dev.mypi.core.metadata.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdistMetadataReaderTest {
  private static final String SDIST = "foo-1.0.tar.gz";

  @TempDir Path dir;

  private final MetadataReader reader = MetadataReader.create(MetadataLimits.defaults());

  @Test
  void readsTopLevelPkgInfoAndIgnoresDeeperOnes() throws IOException {
    Path sdist = TestArchives.sdist(dir, SDIST, "foo-1.0", METADATA);

    DistributionContents contents = reader.inspect(sdist, SDIST);

    assertThat(contents.format()).isEqualTo(ArchiveFormat.SDIST_TAR_GZ);
    assertThat(contents.metadataPath()).isEqualTo("foo-1.0/PKG-INFO");
    assertThat(contents.metadata().name()).isEqualTo("foo");
    assertThat(contents.metadata().raw()).isEqualTo(utf8(METADATA));
    assertThat(contents.hasWheelFile()).isFalse();
    assertThat(contents.entryCount()).isEqualTo(4);
  }

  @Test
  void acceptsMemberNamesWithLeadingDotSlash() throws IOException {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve("foo-1.0.tgz"),
            tar -> {
              tar.dir("./");
              tar.dir("./foo-1.0/");
              tar.file("./foo-1.0/PKG-INFO", METADATA);
            });

    DistributionContents contents = reader.inspect(sdist, "foo-1.0.tgz");

    assertThat(contents.metadataPath()).isEqualTo("foo-1.0/PKG-INFO");
    assertThat(contents.metadata().version()).isEqualTo("1.0");
  }

  @Test
  void readsBzip2TarSdist() throws IOException {
    Path sdist =
        TestArchives.tarBz2(
            dir.resolve("foo-1.0.tar.bz2"), tar -> tar.file("foo-1.0/PKG-INFO", METADATA));

    DistributionContents contents = reader.inspect(sdist, "foo-1.0.tar.bz2");

    assertThat(contents.format()).isEqualTo(ArchiveFormat.SDIST_TAR_BZ2);
    assertThat(contents.metadata().raw()).isEqualTo(utf8(METADATA));
  }

  @Test
  void readsZipSdist() throws IOException {
    Path sdist =
        TestArchives.zip(
            dir.resolve("foo-1.0.zip"),
            zip -> {
              zip.file("foo-1.0/PKG-INFO", METADATA);
              zip.file("foo-1.0/setup.py", "");
              zip.file("foo-1.0/foo.egg-info/PKG-INFO", "Metadata-Version: 1.0\n");
            });

    DistributionContents contents = reader.inspect(sdist, "foo-1.0.zip");

    assertThat(contents.format()).isEqualTo(ArchiveFormat.SDIST_ZIP);
    assertThat(contents.metadataPath()).isEqualTo("foo-1.0/PKG-INFO");
    assertThat(contents.metadata().raw()).isEqualTo(utf8(METADATA));
  }

  @Test
  void rejectsZipSdistWithTwoTopLevelDirectories() {
    Path sdist =
        TestArchives.zip(
            dir.resolve("foo-1.0.zip"),
            zip -> {
              zip.file("foo-1.0/PKG-INFO", METADATA);
              zip.file("other/setup.py", "");
            });

    assertThatThrownBy(() -> reader.read(sdist, "foo-1.0.zip"))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0.zip': more than one top-level directory ('foo-1.0'"
                + " and 'other'); an sdist must have exactly one");
  }

  @Test
  void readsLegacyEgg() throws IOException {
    Path egg =
        TestArchives.zip(
            dir.resolve("foo-1.0-py2.7.egg"),
            zip -> {
              zip.file("foo/__init__.py", "");
              zip.file("EGG-INFO/PKG-INFO", "Metadata-Version: 1.0\nName: foo\nVersion: 1.0\n");
            });

    DistributionContents contents = reader.inspect(egg, "foo-1.0-py2.7.egg");

    assertThat(contents.format()).isEqualTo(ArchiveFormat.EGG);
    assertThat(contents.metadataPath()).isEqualTo("EGG-INFO/PKG-INFO");
    assertThat(contents.metadata().metadataVersion()).isEqualTo("1.0");
  }

  @Test
  void rejectsSdistWithoutPkgInfo() {
    Path sdist =
        TestArchives.tarGz(dir.resolve(SDIST), tar -> tar.file("foo-1.0/setup.py", ""));

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0.tar.gz': PKG-INFO not found at 'foo-1.0/PKG-INFO'");
  }

  @Test
  void rejectsTarWithTwoTopLevelDirectoriesEvenAfterPkgInfo() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.file("bar/setup.py", "");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("more than one top-level directory ('foo-1.0' and 'bar')");
  }

  @Test
  void rejectsFileAtTheTopLevel() {
    Path sdist = TestArchives.tarGz(dir.resolve(SDIST), tar -> tar.file("PKG-INFO", METADATA));

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("file 'PKG-INFO' is not inside the top-level directory");
  }

  @Test
  void rejectsPkgInfoThatIsASymlink() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/real-info", METADATA);
              tar.symlink("foo-1.0/PKG-INFO", "real-info");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0.tar.gz': PKG-INFO member 'foo-1.0/PKG-INFO' is a link");
  }

  @Test
  void rejectsPkgInfoThatIsAHardLink() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/real-info", METADATA);
              tar.hardlink("foo-1.0/PKG-INFO", "foo-1.0/real-info");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("is a link");
  }

  @Test
  void rejectsSymlinkPointingOutsideTheArchive() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.symlink("foo-1.0/docs/passwd", "../../../etc/passwd");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("link 'foo-1.0/docs/passwd' points outside the archive");
  }

  @Test
  void acceptsSymlinkWithinTheArchive() throws IOException {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.file("foo-1.0/README", "");
              tar.symlink("foo-1.0/docs/README", "../README");
            });

    assertThat(reader.read(sdist, SDIST).name()).isEqualTo("foo");
  }

  @Test
  void rejectsAbsoluteMemberName() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.fileVerbatim("/etc/cron.d/evil", "");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0.tar.gz': member '/etc/cron.d/evil' has an absolute path");
  }

  @Test
  void rejectsParentDirectoryMemberName() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.file("foo-1.0/../../evil", "");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("member 'foo-1.0/../../evil' has a '..' path segment");
  }

  @Test
  void rejectsDeviceFile() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.characterDevice("foo-1.0/null");
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("member 'foo-1.0/null' is a device file or FIFO");
  }

  @Test
  void rejectsFileThatIsNotGzip() throws IOException {
    Path sdist = Files.write(dir.resolve(SDIST), utf8("plain text, not gzip"));

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0.tar.gz': not a gzip-compressed tar archive");
  }

  @Test
  void rejectsCorruptGzip() throws IOException {
    Path sdist = TestArchives.sdist(dir, SDIST, "foo-1.0", METADATA);
    byte[] bytes = Files.readAllBytes(sdist);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(sdist, truncated);

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageStartingWith(
            "Invalid distribution 'foo-1.0.tar.gz': corrupt gzip-compressed tar archive: ");
  }

  @Test
  void rejectsGzipOfSomethingThatIsNotATar() throws IOException {
    Path sdist = dir.resolve(SDIST);
    try (var out =
        new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(
            Files.newOutputStream(sdist))) {
      out.write(utf8("just some text that is certainly not a tar header ".repeat(20)));
    }

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageStartingWith("Invalid distribution 'foo-1.0.tar.gz': ");
  }

  @Test
  void rejectsTarBombByCompressionRatioWhileScanning() {
    // 20 MiB of zeros gzip to about 20 KiB; scanning stops soon after the first 1 MiB
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.zeros("foo-1.0/bomb", 20L << 20);
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("the archive decompresses more than 100 times its compressed size")
        .hasMessageContaining("MetadataLimits.maxCompressionRatio");
  }

  @Test
  void rejectsPkgInfoOverTheSizeLimit() {
    MetadataReader small = MetadataReader.create(MetadataLimits.builder().maxMetadataBytes(10).build());
    Path sdist = TestArchives.sdist(dir, SDIST, "foo-1.0", METADATA);

    assertThatThrownBy(() -> small.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0.tar.gz': foo-1.0/PKG-INFO is larger than 10 bytes"
                + " (MetadataLimits.maxMetadataBytes)");
  }

  @Test
  void rejectsTarWithTooManyEntries() {
    MetadataReader limited = MetadataReader.create(MetadataLimits.builder().maxEntries(5).build());
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              for (int i = 0; i < 5; i++) {
                tar.file("foo-1.0/f" + i, "");
              }
            });

    assertThatThrownBy(() -> limited.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("archive has more than 5 entries (MetadataLimits.maxEntries)");
  }

  @Test
  void rejectsTwoPkgInfoMembers() {
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.file("./foo-1.0/PKG-INFO", METADATA);
            });

    assertThatThrownBy(() -> reader.read(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("two PKG-INFO members");
  }
}
