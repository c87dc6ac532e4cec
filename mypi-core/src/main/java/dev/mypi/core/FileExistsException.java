package dev.mypi.core;

/**
 * Thrown when an upload names a file the index already holds with different content. Its message
 * starts with {@code File already exists}, which is what {@code twine upload --skip-existing} and
 * poetry look for; the HTTP layer answers 409.
 */
public final class FileExistsException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String filename;

  /** Creates the exception for {@code filename}, whose stored copy has {@code sha256}. */
  public FileExistsException(String filename, String sha256) {
    super(
        "File already exists ('"
            + filename
            + "', with sha256 hash '"
            + sha256
            + "'). Upload a new version, or pass --skip-existing to twine.");
    this.filename = filename;
  }

  /** Returns the filename that already exists. */
  public String filename() {
    return filename;
  }
}
