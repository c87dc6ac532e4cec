package dev.mypi.core.upload;

/**
 * Thrown by {@link UploadRules#check} for an upload whose {@code :action} is not {@code
 * file_upload}. The HTTP layer picks the status from {@link #kind()}: PyPI answers {@link
 * UploadAction#RETIRED} actions with 410 Gone, {@link UploadAction#UNKNOWN} ones are a 400, and
 * {@link UploadAction#NO_OP} ({@code submit}, {@code verify}) should have been answered with 200
 * before the rules were applied.
 */
public final class UnsupportedUploadActionException extends InvalidUploadException {
  private static final long serialVersionUID = 1L;

  private final UploadAction kind;
  private final String action;

  /**
   * Creates the exception.
   *
   * @param kind the kind of the action; not {@link UploadAction#FILE_UPLOAD}
   * @param action the {@code :action} value as sent, or the empty string if none was sent
   */
  public UnsupportedUploadActionException(UploadAction kind, String action) {
    super(kind.describe(action));
    if (kind == UploadAction.FILE_UPLOAD) {
      throw new IllegalArgumentException("file_upload is a supported action");
    }
    this.kind = kind;
    this.action = action;
  }

  /** Returns the kind of the unsupported action. */
  public UploadAction kind() {
    return kind;
  }

  /** Returns the {@code :action} value as sent, or the empty string if none was sent. */
  public String action() {
    return action;
  }
}
