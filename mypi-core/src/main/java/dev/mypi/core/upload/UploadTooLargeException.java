package dev.mypi.core.upload;

/**
 * Thrown when an upload exceeds one of the {@link UploadLimits}; an HTTP layer answers it with 413.
 * The message names the setting, e.g. {@code File too large: limit is 104857600 bytes
 * (UploadLimits.maxFileSize)}.
 */
public final class UploadTooLargeException extends InvalidUploadException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param message the one-line message for the uploader; it should name the setting
   * @param setting the name of the {@link UploadLimits} property that was exceeded, e.g. {@code
   *     maxFileSize}
   * @param limit the value of that setting
   */
  public UploadTooLargeException(String message, String setting, long limit) {
    super(message);
    this.setting = setting;
    this.limit = limit;
  }

  /** Returns the name of the {@link UploadLimits} property that was exceeded, e.g. {@code maxFileSize}. */
  public String setting() {
    return setting;
  }

  /** Returns the limit that was exceeded (bytes, or a count for {@code maxParts}). */
  public long limit() {
    return limit;
  }
}
