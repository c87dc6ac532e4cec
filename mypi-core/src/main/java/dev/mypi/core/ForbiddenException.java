package dev.mypi.core;

/**
 * Thrown when a known user may not do what they asked, for example an upload to a project that
 * another user owns. The HTTP layer answers 403 Forbidden with the message, which twine prints.
 */
public final class ForbiddenException extends MypiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the user that says what was refused and why. */
  public ForbiddenException(String message) {
    super(message);
  }
}
