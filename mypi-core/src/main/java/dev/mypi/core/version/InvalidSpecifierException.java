package dev.mypi.core.version;

import dev.mypi.core.MypiException;
import dev.mypi.core.internal.text.Printable;

/**
 * Thrown when a string is not a valid version specifier (set). The message quotes the input, e.g.
 * {@code Invalid version specifier '>=3.8+local': a local version label is only allowed with == and
 * !=}.
 */
public final class InvalidSpecifierException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String input;

  /** Creates the exception for {@code input}, with a short {@code reason}. */
  public InvalidSpecifierException(String input, String reason) {
    super("Invalid version specifier '" + Printable.ascii(input) + "': " + Printable.ascii(reason));
    this.input = input;
  }

  /** Returns the rejected specifier, exactly as given. */
  public String input() {
    return input;
  }
}
