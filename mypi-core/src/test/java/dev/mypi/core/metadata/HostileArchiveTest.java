package dev.mypi.core.metadata;

import static dev.mypi.core.metadata.TestArchives.METADATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives not covered by the reader tests: links out of the archive, special files,
 * absolute zip entries, and archives nested in archives, which are never opened.
 */
class HostileArchiveTest {
  private static final String SDIST = "foo-1.0.tar.gz";
  private static final String WHEEL = "foo-1.0-py3-none-any.whl";
  private static final String OTHER = "Metadata-Version: 2.1\nName: evil\nVersion: 6.6.6\n";

  @TempDir Path dir;

  private final MetadataReader reader = MetadataReader.create(MetadataLimits.defaults());

  @Test
  void rejectsHardLinkPointingOutsideTheArchive() {
    Path sdist = sdist(tar -> tar.hardlink("foo-1.0/shadow", "../etc/shadow"));

    assertRejected(sdist, "link 'foo-1.0/shadow' points outside the archive: '../etc/shadow'");
  }

  @Test
  void rejectsSymlinkAndHardLinkWithAbsoluteTargets() {
    assertRejected(
        sdist(tar -> tar.symlink("foo-1.0/passwd", "/etc/passwd")),
        "link 'foo-1.0/passwd' points to the absolute path '/etc/passwd'");
    assertRejected(
        sdist(tar -> tar.hardlink("foo-1.0/passwd", "/etc/passwd")),
        "link 'foo-1.0/passwd' points to the absolute path '/etc/passwd'");
  }

  @Test
  void rejectsFifoAndBlockDevice() {
    assertRejected(
        sdist(tar -> tar.special("foo-1.0/pipe", TarConstants.LF_FIFO)),
        "member 'foo-1.0/pipe' is a device file or FIFO");
    assertRejected(
        sdist(tar -> tar.special("foo-1.0/sda", TarConstants.LF_BLK)),
        "member 'foo-1.0/sda' is a device file or FIFO");
  }

  @Test
  void rejectsZipEntriesWithAbsolutePaths() {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", METADATA);
              zip.file("/etc/cron.d/evil", "* * * * * root sh");
            });

    assertThatThrownBy(() -> reader.inspect(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("member '/etc/cron.d/evil' has an absolute path");
  }

  @Test
  void neverOpensATarNestedInTheSdist() throws IOException {
    byte[] inner = TestArchives.tar(tar -> tar.file("foo-1.0/PKG-INFO", OTHER));
    Path sdist =
        TestArchives.tarGz(
            dir.resolve(SDIST),
            tar -> {
              tar.file("foo-1.0/PKG-INFO", METADATA);
              tar.file("foo-1.0/inner.tar", inner);
            });

    DistributionContents contents = reader.inspect(sdist, SDIST);

    assertThat(contents.metadata().name()).isEqualTo("foo");
    assertThat(contents.entryCount()).isEqualTo(2);
  }

  @Test
  void doesNotLookForPkgInfoInsideANestedTar() {
    byte[] inner = TestArchives.tar(tar -> tar.file("foo-1.0/PKG-INFO", METADATA));
    Path sdist = sdist(tar -> tar.file("foo-1.0/inner.tar", inner), false);

    assertThatThrownBy(() -> reader.inspect(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("PKG-INFO");
  }

  @Test
  void rejectsWheelWhoseMetadataIsItselfAZipInsteadOfOpeningIt() throws IOException {
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(nested)) {
      zip.putNextEntry(new ZipEntry("METADATA"));
      zip.write(TestArchives.utf8(METADATA));
      zip.closeEntry();
    }
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", nested.toByteArray());
              zip.file("foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n");
            });

    assertThatThrownBy(() -> reader.inspect(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("invalid foo-1.0.dist-info/METADATA");
  }

  private Path sdist(TestArchives.Body<TestArchives.TarWriter> more) {
    return sdist(more, true);
  }

  private Path sdist(TestArchives.Body<TestArchives.TarWriter> more, boolean withPkgInfo) {
    return TestArchives.tarGz(
        dir.resolve(SDIST),
        tar -> {
          if (withPkgInfo) {
            tar.file("foo-1.0/PKG-INFO", METADATA);
          }
          more.write(tar);
        });
  }

  private void assertRejected(Path sdist, String fault) {
    assertThatThrownBy(() -> reader.inspect(sdist, SDIST))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining(fault);
  }
}
