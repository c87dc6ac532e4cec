package dev.mypi.core;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The facts an index keeps about one distribution file: enough to answer a HEAD or a conditional
 * GET without touching storage.
 */
public final class IndexedFile {
  private final String project;
  private final String filename;
  private final String version;
  private final long size;
  private final String sha256;
  private final Instant uploadTime;
  private final @Nullable String coreMetadataSha256;
  private final boolean yanked;

  /** Creates the facts; {@code coreMetadataSha256} is null when the file has no metadata file. */
  public IndexedFile(
      String project,
      String filename,
      String version,
      long size,
      String sha256,
      Instant uploadTime,
      @Nullable String coreMetadataSha256,
      boolean yanked) {
    this.project = project;
    this.filename = filename;
    this.version = version;
    this.size = size;
    this.sha256 = sha256;
    this.uploadTime = uploadTime;
    this.coreMetadataSha256 = coreMetadataSha256;
    this.yanked = yanked;
  }

  /** Returns the normalised project name. */
  public String project() {
    return project;
  }

  /** Returns the distribution filename. */
  public String filename() {
    return filename;
  }

  /** Returns the normalised version string. */
  public String version() {
    return version;
  }

  /** Returns the size in bytes. */
  public long size() {
    return size;
  }

  /** Returns the SHA-256 of the file, lowercase hex. */
  public String sha256() {
    return sha256;
  }

  /** Returns when the file was uploaded (or imported). */
  public Instant uploadTime() {
    return uploadTime;
  }

  /** Returns the SHA-256 of the PEP 658 metadata file, or empty when there is none. */
  public Optional<String> coreMetadataSha256() {
    return Optional.ofNullable(coreMetadataSha256);
  }

  /** Returns whether the file is yanked. */
  public boolean yanked() {
    return yanked;
  }

  /** Returns a strong entity tag for the file: its quoted SHA-256. */
  public String etag() {
    return '"' + sha256 + '"';
  }
}
