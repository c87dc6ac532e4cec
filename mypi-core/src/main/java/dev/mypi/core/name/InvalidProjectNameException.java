package dev.mypi.core.name;

import dev.mypi.core.MypiException;
import dev.mypi.core.internal.text.Printable;

/** Thrown when a string is not a valid Python project name; the message quotes the input. */
public final class InvalidProjectNameException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String input;

  /** Creates the exception for {@code input}, the name that was rejected. */
  public InvalidProjectNameException(String input) {
    super(
        "Invalid project name '"
            + Printable.ascii(input)
            + "': start and end with a letter or digit and use only ASCII letters, digits, '.', '_'"
            + " and '-'");
    this.input = input;
  }

  /** Returns the rejected name, exactly as given. */
  public String input() {
    return input;
  }
}
