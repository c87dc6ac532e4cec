package dev.mypi.core.version;

import dev.mypi.core.MypiException;
import dev.mypi.core.internal.text.Printable;

/**
 * Thrown when a string is not a valid PEP 440 version. The message quotes the input and says what
 * is wrong, e.g. {@code Invalid version '1.0-': unexpected '-' at position 3}.
 */
public final class InvalidVersionException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String input;

  /** Creates the exception for {@code input}, with a short {@code reason}. */
  public InvalidVersionException(String input, String reason) {
    super("Invalid version '" + Printable.ascii(input) + "': " + Printable.ascii(reason));
    this.input = input;
  }

  /** Returns the rejected version string, exactly as given. */
  public String input() {
    return input;
  }
}
