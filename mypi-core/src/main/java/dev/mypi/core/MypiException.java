package dev.mypi.core;

import dev.mypi.core.internal.text.Printable;

/**
 * The root of every exception mypi throws for bad input or a failed operation.
 *
 * <p>Subclasses live in the package they belong to ({@code InvalidVersionException} in
 * {@code dev.mypi.core.version}, {@code InvalidUploadException} in {@code dev.mypi.core.upload}, …)
 * and carry a message written for the person who sent the input: it becomes the body of the 4xx
 * response that pip or twine prints. Programmer errors are not {@code MypiException}s; they are
 * {@link IllegalArgumentException}s and {@link IllegalStateException}s.
 *
 * <p>A message always stays on one line and shows what was sent: control characters (line breaks,
 * NUL), format characters (bidirectional overrides, zero-width characters) and unpaired surrogates
 * in it are escaped as Python's {@code repr} would ({@code \x00}, {@code \u202e}). Subclasses that
 * quote input which must be ASCII (names, filenames, versions) escape every non-ASCII character.
 */
public class MypiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message meant for the user. */
  public MypiException(String message) {
    super(Printable.oneLine(message));
  }

  /** Creates an exception with a message meant for the user and the fault behind it. */
  public MypiException(String message, Throwable cause) {
    super(Printable.oneLine(message), cause);
  }
}
