package dev.mypi.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.MetadataReader;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.name.DistributionType;
import dev.mypi.core.name.SdistFilename;
import dev.mypi.core.name.WheelFilename;
import dev.mypi.testkit.internal.Archives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A distribution file (wheel or sdist) held in memory: what {@link WheelBuilder} and {@link
 * SdistBuilder} build, or a real file read with {@link #read(Path)}. Immutable.
 *
 * <pre>{@code
 * Distribution wheel = WheelBuilder.of("foo", "1.0").requires("bar>=2").build();
 * Path file = wheel.writeTo(tempDir);            // tempDir/foo-1.0-py3-none-any.whl
 * server.publish(wheel);                         // or: twine upload file
 * }</pre>
 */
public final class Distribution {
  private final String filename;
  private final byte[] content;
  private final CoreMetadata metadata;
  private final DistributionType type;
  private final String sha256;

  private Distribution(String filename, byte[] content, CoreMetadata metadata, DistributionType type) {
    this.filename = filename;
    this.content = content;
    this.metadata = metadata;
    this.type = type;
    this.sha256 = Archives.sha256Hex(content);
  }

  static Distribution generated(String filename, byte[] content, byte[] metadata) {
    return new Distribution(filename, content, CoreMetadata.parse(metadata), typeOf(filename));
  }

  /**
   * Reads a real distribution file (a wheel, or an sdist as {@code .tar.gz} or {@code .zip}); its
   * name and version come from the metadata inside it.
   *
   * @throws dev.mypi.core.metadata.InvalidDistributionException when the file is not a valid
   *     distribution of its kind
   */
  public static Distribution read(Path file) throws IOException {
    String filename = file.getFileName().toString();
    CoreMetadata metadata = MetadataReader.create().read(file, filename);
    return new Distribution(filename, Files.readAllBytes(file), metadata, typeOf(filename));
  }

  private static DistributionType typeOf(String filename) {
    DistributionFilename parsed = WheelFilename.isValid(filename) ? WheelFilename.parse(filename) : SdistFilename.parse(filename);
    checkArgument(
        parsed.type() == DistributionType.WHEEL || parsed.type() == DistributionType.SDIST,
        "Not a wheel or sdist: %s",
        filename);
    return parsed.type();
  }

  /** Returns the filename, e.g. {@code foo_bar-1.0-py3-none-any.whl}. */
  public String filename() {
    return filename;
  }

  /** Returns the project name as the metadata spells it. */
  public String name() {
    return metadata.name();
  }

  /** Returns the version as the metadata spells it. */
  public String version() {
    return metadata.version();
  }

  /** Returns whether this is a wheel or an sdist. */
  public DistributionType type() {
    return type;
  }

  /** Returns the core metadata inside the file (METADATA of a wheel, PKG-INFO of an sdist). */
  public CoreMetadata metadata() {
    return metadata;
  }

  /** Returns a copy of the file's bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** Returns a stream of the file's bytes. */
  public InputStream openStream() {
    return new ByteArrayInputStream(content);
  }

  /** Returns the file's size in bytes. */
  public long size() {
    return content.length;
  }

  /** Returns the lowercase hex SHA-256 of the file. */
  public String sha256() {
    return sha256;
  }

  /** Writes the file into {@code directory} (created if needed) under its filename; returns its path. */
  public Path writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    return Files.write(directory.resolve(filename), content);
  }

  /** Returns the {@code multipart/form-data} request twine sends to upload this file. */
  public UploadBody uploadBody() {
    return UploadBody.of(this);
  }

  @Override
  public String toString() {
    return filename + " (" + content.length + " bytes, sha256 " + sha256 + ")";
  }
}
