package dev.mypi.core.metadata;

import static dev.mypi.core.metadata.TestArchives.METADATA;
import static dev.mypi.core.metadata.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelMetadataReaderTest {
  private static final String WHEEL = "foo-1.0-py3-none-any.whl";

  @TempDir Path dir;

  private final MetadataReader reader = MetadataReader.create(MetadataLimits.defaults());

  @Test
  void readsMetadataFromTheSingleDistInfoDirectory() throws IOException {
    Path wheel = TestArchives.wheel(dir, WHEEL, "foo-1.0.dist-info", METADATA);

    DistributionContents contents = reader.inspect(wheel, WHEEL);

    assertThat(contents.format()).isEqualTo(ArchiveFormat.WHEEL);
    assertThat(contents.metadataPath()).isEqualTo("foo-1.0.dist-info/METADATA");
    assertThat(contents.metadata().name()).isEqualTo("foo");
    assertThat(contents.metadata().summary()).hasValue("A demo");
    assertThat(contents.hasWheelFile()).isTrue();
    assertThat(contents.hasRecordFile()).isTrue();
    assertThat(contents.entryCount()).isEqualTo(4);
  }

  @Test
  void sidecarBytesAreTheMetadataEntryUnchanged() throws IOException {
    byte[] metadata = utf8("Metadata-Version: 2.1\r\nName: foo\r\nVersion: 1.0\r\n\r\nbody\r\n\n\n");
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", metadata);
              zip.file("foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n");
            });

    assertThat(reader.read(wheel, WHEEL).raw()).isEqualTo(metadata);
  }

  @Test
  void readsOldWheelsWithOriginalNameSpelling() throws IOException {
    String filename = "Foo.Bar-1.0-py2.py3-none-any.whl";
    Path wheel = TestArchives.wheel(dir, filename, "Foo.Bar-1.0.dist-info", METADATA);

    assertThat(reader.inspect(wheel, filename).metadataPath())
        .isEqualTo("Foo.Bar-1.0.dist-info/METADATA");
  }

  @Test
  void reportsAWheelWithoutWheelFile() throws IOException {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL), zip -> zip.file("foo-1.0.dist-info/METADATA", METADATA));

    DistributionContents contents = reader.inspect(wheel, WHEEL);

    assertThat(contents.hasWheelFile()).isFalse();
    assertThat(contents.hasRecordFile()).isFalse();
  }

  @Test
  void rejectsWheelWithoutDistInfo() {
    Path wheel = TestArchives.zip(dir.resolve(WHEEL), zip -> zip.file("foo/__init__.py", ""));

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0-py3-none-any.whl': .dist-info directory not found");
  }

  @Test
  void rejectsWheelWithTwoDistInfoDirectories() {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", METADATA);
              zip.file("foo-2.0.dist-info/METADATA", METADATA);
            });

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0-py3-none-any.whl': multiple .dist-info directories"
                + " found: 'foo-1.0.dist-info', 'foo-2.0.dist-info'");
  }

  @Test
  void rejectsWheelWithoutMetadata() {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL), zip -> zip.file("foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"));

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0-py3-none-any.whl': no METADATA in foo-1.0.dist-info");
  }

  @Test
  void rejectsDistInfoOfAnotherProject() {
    Path wheel = TestArchives.wheel(dir, WHEEL, "bar-1.0.dist-info", METADATA);

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("'bar-1.0.dist-info' does not start with the project name 'foo'");
  }

  @Test
  void rejectsInvalidMetadataNamingTheEntryAndField() {
    Path wheel =
        TestArchives.wheel(dir, WHEEL, "foo-1.0.dist-info", "Metadata-Version: 2.1\nName: foo\n");

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0-py3-none-any.whl': invalid"
                + " foo-1.0.dist-info/METADATA: missing required field 'Version'")
        .hasCauseInstanceOf(InvalidMetadataException.class);
  }

  @Test
  void rejectsFileThatIsNotAZip() throws IOException {
    Path wheel = Files.write(dir.resolve(WHEEL), utf8("this is not a zip file at all"));

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage("Invalid distribution 'foo-1.0-py3-none-any.whl': not a zip archive");
  }

  @Test
  void rejectsTruncatedZip() throws IOException {
    Path wheel = TestArchives.wheel(dir, WHEEL, "foo-1.0.dist-info", METADATA);
    byte[] bytes = Files.readAllBytes(wheel);
    Files.write(wheel, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageStartingWith("Invalid distribution 'foo-1.0-py3-none-any.whl': corrupt zip archive: ");
  }

  @Test
  void rejectsZipBombMetadataWithoutInflatingIt() {
    // 50 MiB of zeros deflates to about 50 KiB; the declared size alone is enough to reject it
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.zeros("foo-1.0.dist-info/METADATA", 50L << 20);
              zip.file("foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n");
            });

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0-py3-none-any.whl': foo-1.0.dist-info/METADATA is larger"
                + " than 1048576 bytes (MetadataLimits.maxMetadataBytes)");
  }

  @Test
  void rejectsHighlyCompressedMetadataByRatio() {
    MetadataReader strict =
        MetadataReader.create(
            MetadataLimits.builder().compressionRatioThresholdBytes(1024).maxCompressionRatio(10).build());
    Path wheel =
        TestArchives.zip(dir.resolve(WHEEL), zip -> zip.zeros("foo-1.0.dist-info/METADATA", 100_000));

    assertThatThrownBy(() -> strict.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("decompresses more than 10 times its compressed size")
        .hasMessageContaining("MetadataLimits.maxCompressionRatio");
  }

  @Test
  void rejectsMetadataWhoseCentralDirectoryUnderstatesItsSize() throws IOException {
    // A lying central directory must not let a big entry through: reading stops at the limit.
    MetadataReader small = MetadataReader.create(MetadataLimits.builder().maxMetadataBytes(1000).build());
    String filler = "Classifier: x\n".repeat(200);
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> zip.file("foo-1.0.dist-info/METADATA", METADATA + filler));
    byte[] bytes = Files.readAllBytes(wheel);
    int central = lastIndexOf(bytes, new byte[] {'P', 'K', 1, 2});
    // uncompressed size field at offset 24 of the central directory header: claim 10 bytes
    bytes[central + 24] = 10;
    bytes[central + 25] = 0;
    bytes[central + 26] = 0;
    bytes[central + 27] = 0;
    Files.write(wheel, bytes);

    assertThatThrownBy(() -> small.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("is larger than 1000 bytes (MetadataLimits.maxMetadataBytes)");
  }

  @Test
  void rejectsArchivesWithTooManyEntries() {
    MetadataReader limited = MetadataReader.create(MetadataLimits.builder().maxEntries(10).build());
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", METADATA);
              for (int i = 0; i < 10; i++) {
                zip.file("foo/m" + i + ".py", "");
              }
            });

    assertThatThrownBy(() -> limited.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessage(
            "Invalid distribution 'foo-1.0-py3-none-any.whl': archive has more than 10 entries"
                + " (MetadataLimits.maxEntries)");
  }

  @Test
  void rejectsDuplicateEntryNames() throws IOException {
    // ZipOutputStream refuses duplicates, so write two differently named entries and rename one
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", METADATA);
              zip.file("foo-1.0.dist-info/METADATX", METADATA);
            });
    byte[] bytes = Files.readAllBytes(wheel);
    replaceAll(bytes, utf8("METADATX"), utf8("METADATA"));
    Files.write(wheel, bytes);

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("duplicate entry 'foo-1.0.dist-info/METADATA'");
  }

  @Test
  void rejectsEntryWithParentDirectorySegment() {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL),
            zip -> {
              zip.file("foo-1.0.dist-info/METADATA", METADATA);
              zip.file("../evil.py", "");
            });

    assertThatThrownBy(() -> reader.read(wheel, WHEEL))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("member '../evil.py' has a '..' path segment");
  }

  @Test
  void acceptsStoredEntries() throws IOException {
    Path wheel =
        TestArchives.zip(
            dir.resolve(WHEEL), zip -> zip.stored("foo-1.0.dist-info/METADATA", utf8(METADATA)));

    assertThat(reader.read(wheel, WHEEL).raw()).isEqualTo(utf8(METADATA));
  }

  @Test
  void rejectsUnsupportedExtension() {
    assertThatThrownBy(() -> reader.read(dir.resolve("foo.rpm"), "foo.rpm"))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageStartingWith("Invalid distribution 'foo.rpm': unsupported file extension");
  }

  @Test
  void readsRealWheelsFromThisMachineWhenPresent() throws IOException {
    // Debian's python-wheels and pyenv's bundled ensurepip wheels; the test is skipped elsewhere
    List<Path> wheels = new ArrayList<>();
    addWheels(Path.of("/usr/share/python-wheels"), wheels);
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> versions = Files.list(pyenv)) {
        for (Path version : (Iterable<Path>) versions::iterator) {
          Path lib = version.resolve("lib");
          if (Files.isDirectory(lib)) {
            try (Stream<Path> pythons = Files.list(lib)) {
              for (Path python : (Iterable<Path>) pythons::iterator) {
                addWheels(python.resolve("ensurepip").resolve("_bundled"), wheels);
              }
            }
          }
        }
      }
    }
    assumeFalse(wheels.isEmpty(), "no real wheels on this machine");

    for (Path wheel : wheels.subList(0, Math.min(wheels.size(), 6))) {
      String filename = wheel.getFileName().toString();
      DistributionContents contents = reader.inspect(wheel, filename);
      assertThat(filename.toLowerCase(Locale.ROOT)).startsWith(contents.metadata().name().toLowerCase(Locale.ROOT));
      assertThat(contents.hasWheelFile()).as(filename).isTrue();
      assertThat(contents.metadata().raw()).as(filename).isNotEmpty();
    }
  }

  private static void addWheels(Path directory, List<Path> wheels) throws IOException {
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        files.filter(p -> p.toString().endsWith(".whl")).forEach(wheels::add);
      }
    }
  }

  private static int lastIndexOf(byte[] bytes, byte[] needle) {
    outer:
    for (int i = bytes.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
    outer:
    for (int i = 0; i <= bytes.length - from.length; i++) {
      for (int j = 0; j < from.length; j++) {
        if (bytes[i + j] != from[j]) {
          continue outer;
        }
      }
      System.arraycopy(to, 0, bytes, i, to.length);
    }
  }
}
