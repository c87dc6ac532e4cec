package dev.mypi.core.internal.metadata;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.metadata.ArchiveFormat;
import dev.mypi.core.metadata.InvalidDistributionException;
import dev.mypi.core.metadata.MetadataLimits;
import java.io.InputStream;
import java.util.function.LongFunction;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

/**
 * A gzip stream that never ends must stop at a {@link MetadataLimits} limit: the compression ratio
 * for repetitive data, the entry count for an endless list of members.
 */
class EndlessArchiveStreamTest {
  private static final MetadataLimits LIMITS = MetadataLimits.builder().maxEntries(1_000).build();

  @Test
  void endlessGzipOfZerosStopsAtTheCompressionRatio() {
    byte[] header = header("foo-1.0/bomb", 077777777777L); // 8 GiB declared, then zeros forever
    InputStream endless = new EndlessGzip(block -> block == 0 ? header : new byte[512]);

    assertThatThrownBy(() -> read(endless))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("MetadataLimits.maxCompressionRatio");
  }

  @Test
  void endlessGzipOfTarMembersStopsAtTheEntryLimit() {
    // every member is a header and one data block; the ratio stays low because names vary
    InputStream endless =
        new EndlessGzip(
            block ->
                block % 2 == 0
                    ? header("foo-1.0/f" + Long.toHexString(block * 0x9E3779B97F4A7C15L), 1)
                    : new byte[512]);

    assertThatThrownBy(() -> read(endless))
        .isInstanceOf(InvalidDistributionException.class)
        .hasMessageContaining("MetadataLimits.maxEntries");
  }

  private static void read(InputStream in) throws Exception {
    TarMetadataReader.read(in, "foo-1.0.tar.gz", ArchiveFormat.SDIST_TAR_GZ, LIMITS);
  }

  private static byte[] header(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    byte[] block = new byte[512];
    entry.writeEntryHeader(block);
    return block;
  }

  /** Gzip (header, then deflate) of the 512-byte tar blocks {@code blocks} yields, forever. */
  private static final class EndlessGzip extends InputStream {
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final LongFunction<byte[]> blocks;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] out = new byte[8192];
    private int outPos;
    private int outEnd;
    private long block;

    EndlessGzip(LongFunction<byte[]> blocks) {
      this.blocks = blocks;
      System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
      outEnd = GZIP_HEADER.length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      read(one, 0, 1);
      return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      while (outPos == outEnd) {
        if (deflater.needsInput()) {
          deflater.setInput(blocks.apply(block++));
        }
        outPos = 0;
        outEnd = deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
      }
      int n = Math.min(len, outEnd - outPos);
      System.arraycopy(out, outPos, b, off, n);
      outPos += n;
      return n;
    }
  }
}
