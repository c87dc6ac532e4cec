package dev.mypi.core.internal.metadata;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.metadata.ArchiveFormat;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.metadata.MetadataLimits;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code <top>/PKG-INFO} from a gzip- or bzip2-compressed tar sdist as a stream, without
 * extracting anything.
 *
 * <p>All members are scanned, because the layout (exactly one top-level directory) is only known
 * at the end; their data is skipped, except PKG-INFO's (bounded by {@link
 * MetadataLimits#maxMetadataBytes()}). Rejected on the way: more than {@link
 * MetadataLimits#maxEntries()} members; a stream that decompresses beyond {@link
 * MetadataLimits#maxCompressionRatio()} (checked on every read, so a bomb is stopped early);
 * absolute or {@code ..} member names; device files and FIFOs; sparse members; links whose target
 * is absolute or climbs out of the archive; a PKG-INFO that is a link or not a regular file.
 */
public final class TarMetadataReader {
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};

  private final ArchiveContext context;
  private final ArchiveFormat format;

  private TarMetadataReader(ArchiveContext context, ArchiveFormat format) {
    this.context = context;
    this.format = format;
  }

  /**
   * Reads the metadata of {@code file}, a {@link ArchiveFormat#SDIST_TAR_GZ} or {@link
   * ArchiveFormat#SDIST_TAR_BZ2} named {@code filename}.
   */
  public static DistributionContents read(
      Path file, String filename, ArchiveFormat format, MetadataLimits limits) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, filename, format, limits);
    }
  }

  /** Reads the metadata from a stream of the compressed archive; the caller closes {@code in}. */
  public static DistributionContents read(
      InputStream in, String filename, ArchiveFormat format, MetadataLimits limits)
      throws IOException {
    return new TarMetadataReader(new ArchiveContext(filename, limits), format).read(in);
  }

  private DistributionContents read(InputStream in) throws IOException {
    SourceStream source = new SourceStream(new BufferedInputStream(in));
    boolean gzip = format == ArchiveFormat.SDIST_TAR_GZ;
    source.mark(4);
    byte[] magic = source.readNBytes(4);
    source.reset();
    String kind = gzip ? "gzip-compressed tar archive" : "bzip2-compressed tar archive";
    if (!ArchiveContext.startsWith(magic, gzip ? GZIP_MAGIC : BZIP2_MAGIC)) {
      throw context.fail("not a " + kind);
    }
    try {
      InputStream decompressed =
          gzip
              ? new GzipCompressorInputStream(source, true)
              : new BZip2CompressorInputStream(source, true);
      RatioCheckingStream counted = new RatioCheckingStream(decompressed, source);
      return scan(new TarArchiveInputStream(counted));
    } catch (SourceStream.SourceIOException e) {
      throw e.original(); // a failure of the file system, not of the archive
    } catch (IOException | IllegalArgumentException e) {
      throw context.corrupt(kind, e);
    }
  }

  private DistributionContents scan(TarArchiveInputStream tar) throws IOException {
    SdistLayout layout = new SdistLayout(context);
    byte @Nullable [] pkgInfo = null;
    @Nullable String pkgInfoName = null;
    int count = 0;
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      context.checkEntryCount(++count);
      String name = entry.getName();
      ImmutableList<String> path = context.memberPath(name);
      if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        throw context.fail("member '" + name + "' is a device file or FIFO");
      }
      if (entry.isSparse()) {
        throw context.fail("member '" + name + "' is a sparse file");
      }
      if (entry.isSymbolicLink() || entry.isLink()) {
        checkLinkTarget(entry, path);
      }
      if (layout.add(path, entry.isDirectory())) {
        if (entry.isSymbolicLink() || entry.isLink()) {
          throw context.fail("PKG-INFO member '" + name + "' is a link");
        }
        if (!entry.isFile()) {
          throw context.fail("PKG-INFO member '" + name + "' is not a regular file");
        }
        if (pkgInfoName != null) {
          throw context.fail("two PKG-INFO members ('" + pkgInfoName + "' and '" + name + "')");
        }
        pkgInfoName = name;
        context.checkMetadataSize(ArchiveContext.join(path), entry.getSize());
        pkgInfo = context.readMetadataEntry(tar, ArchiveContext.join(path));
      }
    }
    String expected = layout.expectedPkgInfoPath();
    if (pkgInfo == null) {
      throw layout.pkgInfoNotFound();
    }
    CoreMetadata metadata = context.parseMetadata(pkgInfo, expected);
    return new DistributionContents(format, metadata, expected, false, false, count);
  }

  /**
   * Fails if a link's target is absolute or leaves the archive. Hard-link targets are member names;
   * symbolic-link targets are relative to the link's directory.
   */
  private void checkLinkTarget(TarArchiveEntry entry, List<String> path) {
    String target = entry.getLinkName();
    if (target.startsWith("/") || target.startsWith("\\")) {
      throw context.fail(
          "link '" + entry.getName() + "' points to the absolute path '" + target + "'");
    }
    int depth = entry.isSymbolicLink() ? path.size() - 1 : 0;
    for (String segment : target.split("/", -1)) {
      if (segment.equals("..")) {
        depth--;
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw context.fail(
            "link '" + entry.getName() + "' points outside the archive: '" + target + "'");
      }
    }
  }

  /**
   * Counts the compressed bytes read from the file, and marks I/O failures of the file itself so
   * they are not mistaken for a corrupt archive.
   */
  private static final class SourceStream extends FilterInputStream {
    private long count;
    private long mark;

    SourceStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b;
      try {
        b = super.read();
      } catch (IOException e) {
        throw new SourceIOException(e);
      }
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        throw new SourceIOException(e);
      }
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped;
      try {
        skipped = super.skip(n);
      } catch (IOException e) {
        throw new SourceIOException(e);
      }
      count += skipped;
      return skipped;
    }

    @Override
    public synchronized void mark(int readlimit) {
      super.mark(readlimit);
      mark = count;
    }

    @Override
    public synchronized void reset() throws IOException {
      super.reset();
      count = mark;
    }

    /** An I/O failure reading the underlying file. */
    static final class SourceIOException extends IOException {
      private static final long serialVersionUID = 1L;

      SourceIOException(IOException cause) {
        super(cause);
      }

      IOException original() {
        return (IOException) getCause();
      }
    }
  }

  /** Counts decompressed bytes and enforces the compression ratio on every read. */
  private final class RatioCheckingStream extends FilterInputStream {
    private final SourceStream source;
    private long count;

    RatioCheckingStream(InputStream in, SourceStream source) {
      super(in);
      this.source = source;
    }

    private void counted(long n) {
      if (n > 0) {
        count += n;
        context.checkRatio("the archive", count, source.count());
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      counted(b >= 0 ? 1 : 0);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      counted(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      counted(skipped);
      return skipped;
    }
  }
}
