package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.metadata.InvalidDistributionException;
import dev.mypi.core.metadata.InvalidMetadataException;
import dev.mypi.core.metadata.MetadataLimits;
import dev.mypi.core.metadata.MetadataReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MetadataReader#inspect} on fuzzed archives written to a temp file: the only outcomes are
 * the contents or an {@link InvalidDistributionException} / {@link InvalidMetadataException}.
 *
 * <p>Input: the first byte picks the format ({@code w} wheel, {@code t} tar.gz, {@code T} a raw tar
 * the target gzips itself so the fuzzer mutates tar headers directly, {@code b} tar.bz2, {@code z}
 * zip sdist, {@code e} egg); the rest is the file.
 */
class MetadataReaderFuzzTest {
  private static final MetadataLimits LIMITS =
      MetadataLimits.builder()
          .maxMetadataBytes(64 * 1024)
          .maxEntries(256)
          .maxCompressionRatio(100)
          .compressionRatioThresholdBytes(64 * 1024)
          .build();
  private static final MetadataReader READER = MetadataReader.create(LIMITS);

  @TempDir static Path dir;

  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void inspect(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    byte[] file = java.util.Arrays.copyOfRange(data, 1, data.length);
    String filename;
    switch (data[0]) {
      case 't' -> filename = "demo-1.0.tar.gz";
      case 'T' -> {
        filename = "demo-1.0.tar.gz";
        file = gzip(file);
      }
      case 'b' -> filename = "demo-1.0.tar.bz2";
      case 'z' -> filename = "demo-1.0.zip";
      case 'e' -> filename = "demo-1.0-py3.12.egg";
      default -> filename = "demo-1.0-py3-none-any.whl";
    }
    Path path = dir.resolve(filename);
    Files.write(path, file);
    DistributionContents contents;
    try {
      contents = READER.inspect(path, filename);
    } catch (InvalidDistributionException | InvalidMetadataException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(contents.metadata().rawLength()).isLessThanOrEqualTo((int) LIMITS.maxMetadataBytes());
    assertThat(contents.entryCount()).isLessThanOrEqualTo(LIMITS.maxEntries());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
