package dev.mypi.core;

/**
 * Thrown by an administrative operation (yank, delete, status) whose project, release or file
 * does not exist. Read operations return {@link java.util.Optional#empty()} instead.
 */
public final class NotFoundException extends MypiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names what was not found. */
  public NotFoundException(String message) {
    super(message);
  }
}
