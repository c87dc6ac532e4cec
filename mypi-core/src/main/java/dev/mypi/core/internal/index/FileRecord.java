package dev.mypi.core.internal.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What the index records about one distribution file, as stored in journal entries and
 * snapshots.
 *
 * @param filename the distribution filename
 * @param version the normalised version string
 * @param blobKey where the file's bytes are stored
 * @param size size in bytes
 * @param sha256 lowercase hex
 * @param md5 lowercase hex, or null when not computed (the upload sent a stronger digest, or the
 *     file was imported from a folder)
 * @param blake2b256 lowercase hex, or null when not computed
 * @param requiresPython the Requires-Python of the file's metadata, or null
 * @param metadataKey where the PEP 658 metadata file is stored, or null when there is none
 * @param metadataSha256 SHA-256 of the metadata file, or null
 * @param uploadTime ISO-8601 instant
 * @param filetype {@code sdist}, {@code bdist_wheel}, …
 * @param pyversion the upload's {@code pyversion}
 * @param yanked whether the file is yanked
 * @param yankReason the yank reason, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FileRecord(
    String filename,
    String version,
    String blobKey,
    long size,
    String sha256,
    @Nullable String md5,
    @Nullable String blake2b256,
    @Nullable String requiresPython,
    @Nullable String metadataKey,
    @Nullable String metadataSha256,
    String uploadTime,
    String filetype,
    String pyversion,
    boolean yanked,
    @Nullable String yankReason) {

  /**
   * Shares the strings that many records repeat (versions, Requires-Python, file types, and the
   * blob key of a file that lies at the top of a flat folder, which is its filename): at 100,000
   * files each record is otherwise a dozen strings of its own.
   */
  FileRecord {
    version = version.intern();
    blobKey = blobKey.equals(filename) ? filename : blobKey;
    requiresPython = requiresPython == null ? null : requiresPython.intern();
    filetype = filetype.intern();
    pyversion = pyversion.intern();
  }

  FileRecord withYank(boolean newYanked, @Nullable String reason) {
    return new FileRecord(
        filename, version, blobKey, size, sha256, md5, blake2b256, requiresPython, metadataKey,
        metadataSha256, uploadTime, filetype, pyversion, newYanked, newYanked ? reason : null);
  }
}
