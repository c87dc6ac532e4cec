package dev.mypi.core.storage;

import dev.mypi.core.MypiException;

/**
 * Thrown when a string is not a valid {@link BlobKey}; the message quotes the input (with control
 * characters escaped) and says what is wrong with it.
 */
public final class InvalidBlobKeyException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final String reason;

  /** Creates the exception for {@code input}, rejected because of {@code reason}. */
  public InvalidBlobKeyException(String input, String reason) {
    super("Invalid storage key '" + BlobKey.printable(input) + "': " + reason);
    this.input = input;
    this.reason = reason;
  }

  /** Returns the rejected key, exactly as given. */
  public String input() {
    return input;
  }

  /** Returns why the key was rejected, e.g. {@code "segment '..' is not allowed"}. */
  public String reason() {
    return reason;
  }
}
