package dev.mypi.core;

/**
 * Thrown when an operation is refused because of a project's state, for example an upload to a
 * project that is archived or quarantined (PEP 792). The HTTP layer answers 400, as PyPI does.
 */
public final class ProjectStatusException extends MypiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the user. */
  public ProjectStatusException(String message) {
    super(message);
  }
}
