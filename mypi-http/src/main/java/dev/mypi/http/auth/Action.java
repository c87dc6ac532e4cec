package dev.mypi.http.auth;

import java.util.Locale;

/** What a request wants to do, as the {@link Authorizer} sees it. */
public enum Action {
  /** Read the project list, a project page, a file or its metadata. */
  READ,
  /** Upload a distribution file. */
  UPLOAD,
  /** Yank or un-yank a release. */
  YANK,
  /** Delete a file or a project. */
  DELETE,
  /** Administer the index (owners, statuses, tokens of other users). */
  ADMIN;

  /** Returns the action for {@code upload}, {@code READ}, …; throws IllegalArgumentException for anything else. */
  public static Action parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }

  /** Returns the lower-case name, as the command line and token files spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
