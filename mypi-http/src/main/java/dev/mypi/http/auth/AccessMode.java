package dev.mypi.http.auth;

import java.util.Locale;

/**
 * Which actions need a login. In every mode the {@link Authorizer} still decides what a logged-in
 * user may do, and private projects need a login to be read.
 */
public enum AccessMode {
  /**
   * Anyone reads and uploads; credentials that clients send (twine always sends some) are
   * ignored. Safe only where everyone who can reach the port may publish code that others install.
   */
  OPEN,
  /** Anyone reads; uploads, yanks and deletes need a login. The default once credentials are configured. */
  UPLOAD_NEEDS_LOGIN,
  /** Every request but {@code /health} needs a login. */
  EVERYTHING_NEEDS_LOGIN;

  /** Returns whether {@code action} may be done without logging in, as far as the mode is concerned. */
  public boolean allowsAnonymous(Action action) {
    return switch (this) {
      case OPEN -> action == Action.READ || action == Action.UPLOAD;
      case UPLOAD_NEEDS_LOGIN -> action == Action.READ;
      case EVERYTHING_NEEDS_LOGIN -> false;
    };
  }

  /** Returns the mode for {@code open}, {@code upload-needs-login} or {@code everything-needs-login}. */
  public static AccessMode parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (AccessMode mode : values()) {
      if (mode.label().equals(t)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "Unknown access mode '" + text + "': use open, upload-needs-login or everything-needs-login");
  }

  /** Returns the name as the command line spells it, e.g. {@code upload-needs-login}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
