package dev.mypi.core.name;

import dev.mypi.core.MypiException;
import dev.mypi.core.internal.text.Printable;

/**
 * Thrown when a filename is not a distribution filename an index accepts. The message names the
 * file and the reason, e.g. {@code Invalid distribution filename 'foo-1.0.whl': a wheel filename
 * needs 5 or 6 dash-separated parts}.
 */
public final class InvalidFilenameException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String filename;
  private final String reason;

  /** Creates the exception for {@code filename}, with a short {@code reason}. */
  public InvalidFilenameException(String filename, String reason) {
    super("Invalid distribution filename '" + Printable.ascii(filename) + "': " + Printable.ascii(reason));
    this.filename = filename;
    this.reason = reason;
  }

  /** Returns the rejected filename, exactly as given. */
  public String filename() {
    return filename;
  }

  /** Returns the reason, without the filename. */
  public String reason() {
    return reason;
  }
}
