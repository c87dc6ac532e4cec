package dev.mypi.http.internal;

import dev.mypi.core.FileExistsException;
import dev.mypi.core.ForbiddenException;
import dev.mypi.core.MypiException;
import dev.mypi.core.NotFoundException;
import dev.mypi.core.ProjectStatusException;
import dev.mypi.core.upload.UnsupportedUploadActionException;
import dev.mypi.core.upload.UploadAction;
import dev.mypi.core.upload.UploadTooLargeException;

/**
 * Chooses the HTTP status for an exception: the one place where mypi maps failures to codes. Every
 * {@link MypiException} is the client's fault and becomes a 4xx whose body is its message.
 */
public final class ErrorMapper {
  private ErrorMapper() {}

  /** Returns the status code for {@code e}. */
  public static int status(MypiException e) {
    if (e instanceof FileExistsException) {
      return 409;
    }
    if (e instanceof UploadTooLargeException) {
      return 413;
    }
    if (e instanceof UnsupportedUploadActionException u && u.kind() == UploadAction.RETIRED) {
      return 410;
    }
    if (e instanceof ForbiddenException) {
      return 403;
    }
    if (e instanceof NotFoundException) {
      return 404;
    }
    if (e instanceof ProjectStatusException) {
      return 400;
    }
    return 400;
  }

  /**
   * Returns the message as one line, as twine prints it: line breaks folded to spaces and
   * control characters dropped.
   */
  public static String oneLine(String message) {
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        sb.append(' ');
      } else if (c >= 0x20 && c != 0x7f) {
        sb.append(c);
      }
    }
    return sb.toString().trim();
  }
}
