package dev.mypi.core.internal.metadata;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.metadata.ArchiveFormat;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.metadata.MetadataLimits;
import dev.mypi.core.name.ProjectName;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads core metadata from zip-based distributions (wheels, zip sdists, eggs) through the zip
 * <em>central directory</em> ({@link ZipFile}), never through local headers, so what is read is
 * what every other central-directory reader (pip, Python's {@code zipfile}) sees.
 *
 * <p>Every entry is checked: compression STORED or DEFLATED only, no duplicate names, no absolute
 * or {@code ..} names, and the entry count within {@link MetadataLimits#maxEntries()}. Only the
 * metadata entry is decompressed, within {@link MetadataLimits#maxMetadataBytes()} and the ratio
 * limit. The wheel lookup is pip's: exactly one top-level {@code *.dist-info} directory.
 */
public final class ZipMetadataReader {
  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};
  private static final String DIST_INFO = ".dist-info";

  private final ArchiveContext context;
  private final ArchiveFormat format;

  private ZipMetadataReader(ArchiveContext context, ArchiveFormat format) {
    this.context = context;
    this.format = format;
  }

  /**
   * Reads the metadata of {@code file}, a {@link ArchiveFormat#WHEEL}, {@link
   * ArchiveFormat#SDIST_ZIP} or {@link ArchiveFormat#EGG} named {@code filename}; the file must be
   * on the default file system.
   */
  public static DistributionContents read(
      Path file, String filename, ArchiveFormat format, MetadataLimits limits) throws IOException {
    return new ZipMetadataReader(new ArchiveContext(filename, limits), format).read(file);
  }

  private DistributionContents read(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (!ArchiveContext.startsWith(magic, LOCAL_HEADER)
        && !ArchiveContext.startsWith(magic, EMPTY_ARCHIVE)) {
      throw context.fail("not a zip archive");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException | EOFException e) {
      throw context.corrupt("zip archive", e);
    }
    try (zip) {
      return read(zip);
    } catch (ZipException | EOFException e) {
      throw context.corrupt("zip archive", e);
    } catch (IllegalArgumentException e) {
      // ZipFile reports some malformed central directory records this way
      throw context.corrupt("zip archive", e);
    }
  }

  private DistributionContents read(ZipFile zip) throws IOException {
    context.checkEntryCount(zip.size());
    Set<String> names = new HashSet<>();
    Set<String> distInfoDirs = new TreeSet<>();
    SdistLayout layout = new SdistLayout(context);
    @Nullable ZipEntry metadataEntry = null;
    @Nullable String metadataPath = null;
    int count = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      context.checkEntryCount(++count);
      String name = entry.getName();
      if (entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) {
        throw context.fail(
            "entry '"
                + name
                + "' uses compression method "
                + entry.getMethod()
                + "; only STORED and DEFLATED are allowed");
      }
      if (!names.add(name)) {
        throw context.fail("duplicate entry '" + name + "'");
      }
      ImmutableList<String> path = context.memberPath(name);
      switch (format) {
        case WHEEL -> {
          if (!path.isEmpty() && path.get(0).endsWith(DIST_INFO)) {
            distInfoDirs.add(path.get(0));
          }
        }
        case EGG -> {
          if (path.equals(ImmutableList.of("EGG-INFO", SdistLayout.PKG_INFO))
              && !entry.isDirectory()) {
            checkNoSecondPkgInfo(metadataEntry, name);
            metadataEntry = entry;
            metadataPath = ArchiveContext.join(path);
          }
        }
        default -> {
          if (layout.add(path, entry.isDirectory()) && !entry.isDirectory()) {
            checkNoSecondPkgInfo(metadataEntry, name);
            metadataEntry = entry;
            metadataPath = ArchiveContext.join(path);
          }
        }
      }
    }
    boolean hasWheelFile = false;
    boolean hasRecordFile = false;
    switch (format) {
      case WHEEL -> {
        String distInfo = singleDistInfo(distInfoDirs);
        metadataPath = distInfo + "/METADATA";
        metadataEntry = file(zip, metadataPath);
        if (metadataEntry == null) {
          throw context.fail("no METADATA in " + distInfo);
        }
        hasWheelFile = file(zip, distInfo + "/WHEEL") != null;
        hasRecordFile = file(zip, distInfo + "/RECORD") != null;
      }
      case EGG -> {
        if (metadataEntry == null) {
          throw context.fail("PKG-INFO not found at 'EGG-INFO/PKG-INFO'");
        }
      }
      default -> {
        String expected = layout.expectedPkgInfoPath();
        if (metadataEntry == null) {
          throw layout.pkgInfoNotFound();
        }
        metadataPath = expected;
      }
    }
    CoreMetadata metadata = context.parseMetadata(readEntry(zip, metadataEntry, metadataPath), metadataPath);
    return new DistributionContents(
        format, metadata, metadataPath, hasWheelFile, hasRecordFile, count);
  }

  private void checkNoSecondPkgInfo(@Nullable ZipEntry previous, String name) {
    if (previous != null) {
      throw context.fail(
          "two PKG-INFO entries ('" + previous.getName() + "' and '" + name + "')");
    }
  }

  private String singleDistInfo(Set<String> distInfoDirs) {
    if (distInfoDirs.isEmpty()) {
      throw context.fail(".dist-info directory not found");
    }
    if (distInfoDirs.size() > 1) {
      throw context.fail(
          "multiple .dist-info directories found: " + ArchiveContext.quoteAll(distInfoDirs));
    }
    String distInfo = distInfoDirs.iterator().next();
    // pip's check: the canonical dist-info name starts with the canonical project name
    String filename = context.filename();
    int dash = filename.indexOf('-');
    if (dash > 0) {
      String project = ProjectName.normalize(filename.substring(0, dash));
      if (!ProjectName.normalize(distInfo).startsWith(project)) {
        throw context.fail(
            ".dist-info directory '"
                + distInfo
                + "' does not start with the project name '"
                + filename.substring(0, dash)
                + "' from the filename");
      }
    }
    return distInfo;
  }

  private static @Nullable ZipEntry file(ZipFile zip, String name) {
    ZipEntry entry = zip.getEntry(name);
    return entry == null || entry.isDirectory() || !entry.getName().equals(name) ? null : entry;
  }

  private byte[] readEntry(ZipFile zip, ZipEntry entry, String path) throws IOException {
    long declared = entry.getSize();
    long compressed = entry.getCompressedSize();
    if (declared >= 0) {
      context.checkMetadataSize(path, declared);
      if (compressed >= 0) {
        context.checkRatio(path, declared, compressed);
      }
    }
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = context.readMetadataEntry(in, path);
    }
    if (compressed >= 0) {
      context.checkRatio(path, bytes.length, compressed);
    }
    return bytes;
  }
}
