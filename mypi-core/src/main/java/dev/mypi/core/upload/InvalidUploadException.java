package dev.mypi.core.upload;

import dev.mypi.core.MypiException;

/**
 * Thrown when an upload request is malformed or breaks a form-level rule; an HTTP layer answers it
 * with 400. The message is one line meant for the person running twine, worded like PyPI's where
 * PyPI has a message for the same fault (e.g. {@code Include at least one message digest.}).
 *
 * <p>Subclasses refine the status: {@link UploadTooLargeException} (413) and {@link
 * UnsupportedUploadActionException} (an {@code :action} other than {@code file_upload}).
 */
public class InvalidUploadException extends MypiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message for the uploader. */
  public InvalidUploadException(String message) {
    super(message);
  }

  /** Creates the exception with a one-line message for the uploader and the fault behind it. */
  public InvalidUploadException(String message, Throwable cause) {
    super(message, cause);
  }
}
