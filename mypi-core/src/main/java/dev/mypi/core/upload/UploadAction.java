package dev.mypi.core.upload;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of {@code :action} the legacy upload endpoint distinguishes (PROTOCOL §6.1). Each kind
 * tells the HTTP layer how to answer; only {@link #FILE_UPLOAD} carries a distribution.
 */
public enum UploadAction {
  /** {@code file_upload}: the upload of one distribution file, the only live action. */
  FILE_UPLOAD,
  /**
   * {@code submit} and {@code verify}: legacy pre-registration calls that poetry and old clients
   * still make; answer 200 with an empty body and do nothing.
   */
  NO_OP,
  /**
   * {@code doc_upload} and {@code submit_pkg_info}: actions PyPI retired and answers with 410 Gone.
   */
  RETIRED,
  /** Any other value, or no {@code :action} at all: a 400. */
  UNKNOWN;

  /** Returns the kind of the {@code :action} value {@code action}, or {@link #UNKNOWN} if null. */
  public static UploadAction of(@Nullable String action) {
    if (action == null) {
      return UNKNOWN;
    }
    switch (action) {
      case "file_upload":
        return FILE_UPLOAD;
      case "submit":
      case "verify":
        return NO_OP;
      case "doc_upload":
      case "submit_pkg_info":
        return RETIRED;
      default:
        return UNKNOWN;
    }
  }

  /** Returns the one-line message for a request with this kind of action, worded as PyPI's. */
  String describe(String action) {
    switch (this) {
      case NO_OP:
        return "The action '" + action + "' has nothing to do; upload files with ':action=file_upload'.";
      case RETIRED:
        return action.equals("doc_upload")
            ? "Uploading documentation is no longer supported, we recommend using"
                + " https://readthedocs.org/."
            : "Project pre-registration is no longer required or supported, upload your files"
                + " instead.";
      case UNKNOWN:
        return action.isEmpty()
            ? "The upload has no ':action' field; use ':action=file_upload'."
            : "Unknown action '" + action + "'; use ':action=file_upload'.";
      default:
        throw new IllegalStateException("file_upload is supported");
    }
  }
}
