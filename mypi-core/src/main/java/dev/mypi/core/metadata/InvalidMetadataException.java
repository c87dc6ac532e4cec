package dev.mypi.core.metadata;

import dev.mypi.core.MypiException;

/**
 * Thrown when core-metadata bytes cannot be used: a required field ({@code Metadata-Version},
 * {@code Name}, {@code Version}) is missing, or the {@code Metadata-Version} is malformed or of a
 * newer major version than mypi understands. The message names the field.
 */
public final class InvalidMetadataException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /** Creates the exception; {@code reason} says what is wrong, e.g. "missing required field 'Name'". */
  public InvalidMetadataException(String reason) {
    super("Invalid core metadata: " + reason);
    this.reason = reason;
  }

  /** Returns what is wrong, without the "Invalid core metadata" prefix. */
  public String reason() {
    return reason;
  }
}
