package dev.mypi.core.upload;

/**
 * The distribution file part of an upload, as the parser saw it stream past: its filename, its
 * size and the digests computed over its bytes. The bytes themselves went to the {@link
 * ContentSink}.
 *
 * @param filename the {@code filename} parameter of the part, unvalidated (see {@link
 *     UploadRules})
 * @param size the number of bytes in the part
 * @param digests the digests computed over those bytes
 */
public record UploadedFile(String filename, long size, FileDigests digests) {
  /**
   * Creates the file description.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public UploadedFile {
    if (size < 0) {
      throw new IllegalArgumentException("Negative size: " + size);
    }
  }
}
