package dev.mypi.core.metadata;

import com.google.common.base.Joiner;
import dev.mypi.core.internal.metadata.TarMetadataReader;
import dev.mypi.core.internal.metadata.ZipMetadataReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the core metadata out of a distribution file without unpacking it.
 *
 * <pre>{@code
 * MetadataReader reader = MetadataReader.create(MetadataLimits.defaults());
 * DistributionContents contents = reader.inspect(tempFile, "foo_bar-1.0-py3-none-any.whl");
 * if (!contents.hasWheelFile()) { ... reject the upload ... }
 * byte[] sidecar = contents.metadata().raw();   // the PEP 658 .metadata file
 * }</pre>
 *
 * <p>The format comes from the filename (see {@link ArchiveFormat}):
 *
 * <ul>
 *   <li>wheel ({@code .whl}): through the zip central directory, pip's lookup: exactly one
 *       top-level {@code *.dist-info} directory (its name must start with the project name from the
 *       filename, canonically compared), then {@code <dist-info>/METADATA};
 *   <li>sdist ({@code .tar.gz}, {@code .tgz}, {@code .tar.bz2}, {@code .zip}): exactly one
 *       top-level directory, and {@code <top>/PKG-INFO} (a leading {@code ./} is allowed); deeper
 *       {@code PKG-INFO} files are ignored. Tar archives are streamed and never extracted; a
 *       PKG-INFO that is a link, links out of the archive, device files, sparse members, and
 *       absolute or {@code ..} member names are rejected;
 *   <li>egg ({@code .egg}, legacy, best effort): {@code EGG-INFO/PKG-INFO}.
 * </ul>
 *
 * <p>Only the metadata entry is read into memory, within {@link MetadataLimits}. Zip archives may
 * only use STORED or DEFLATED entries and must not repeat an entry name. Zip-based files must be
 * on the default file system (they are opened with {@link java.util.zip.ZipFile}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MetadataReader {
  private final MetadataLimits limits;

  private MetadataReader(MetadataLimits limits) {
    this.limits = limits;
  }

  /** Returns a reader that enforces {@code limits}. */
  public static MetadataReader create(MetadataLimits limits) {
    return new MetadataReader(limits);
  }

  /** Returns a reader with {@link MetadataLimits#defaults()}. */
  public static MetadataReader create() {
    return new MetadataReader(MetadataLimits.defaults());
  }

  /** Returns the limits this reader enforces. */
  public MetadataLimits limits() {
    return limits;
  }

  /**
   * Returns the core metadata of {@code file}, a distribution named {@code filename}.
   *
   * @throws InvalidDistributionException if the filename has no supported extension, the file is
   *     not a valid archive of its kind, the metadata is missing, invalid or over a limit
   * @throws IOException if the file cannot be read
   */
  public CoreMetadata read(Path file, String filename) throws IOException {
    return inspect(file, filename).metadata();
  }

  /**
   * Returns the core metadata of {@code file} together with the facts upload validation needs,
   * such as whether a wheel has its {@code WHEEL} and {@code RECORD} files.
   *
   * @throws InvalidDistributionException if the filename has no supported extension, the file is
   *     not a valid archive of its kind, the metadata is missing, invalid or over a limit
   * @throws IOException if the file cannot be read
   */
  public DistributionContents inspect(Path file, String filename) throws IOException {
    ArchiveFormat format =
        ArchiveFormat.fromFilename(filename)
            .orElseThrow(
                () ->
                    new InvalidDistributionException(
                        filename, "unsupported file extension; expected one of " + extensions()));
    return switch (format) {
      case WHEEL, SDIST_ZIP, EGG -> ZipMetadataReader.read(file, filename, format, limits);
      case SDIST_TAR_GZ, SDIST_TAR_BZ2 -> TarMetadataReader.read(file, filename, format, limits);
    };
  }

  private static String extensions() {
    List<String> all = new ArrayList<>();
    for (ArchiveFormat format : ArchiveFormat.values()) {
      all.addAll(format.extensions());
    }
    return Joiner.on(", ").join(all);
  }

  @Override
  public String toString() {
    return "MetadataReader{" + limits + "}";
  }
}
