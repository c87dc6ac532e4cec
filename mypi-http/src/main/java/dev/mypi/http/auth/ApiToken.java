package dev.mypi.http.auth;

import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What mypi knows about an API token: never the token itself, only its SHA-256, and what it is
 * for. Tokens are used as PyPI's are: username {@code __token__}, the token as the password.
 *
 * @param id the SHA-256 of the token, lowercase hex; its first 12 digits name the token in lists
 * @param user the user the token acts for
 * @param projects the normalised projects it may be used for; empty for every project
 * @param actions what it may be used for ({@link Action#UPLOAD}, {@link Action#YANK}, …)
 * @param created when it was created
 * @param expires when it stops working, or null for never
 * @param description what the creator wrote about it, e.g. {@code "CI of foo"}; may be empty
 */
public record ApiToken(
    String id,
    String user,
    ImmutableSet<String> projects,
    ImmutableSet<Action> actions,
    Instant created,
    @Nullable Instant expires,
    String description) {

  /** The username that tells mypi the password is an API token. */
  public static final String TOKEN_USERNAME = "__token__";

  /** Returns the short id that lists show and {@code token revoke} takes: the first 12 hex digits. */
  public String shortId() {
    return id.substring(0, 12);
  }

  /** Returns whether the token has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  /** Returns what the token may be used for. */
  public Scope scope() {
    return Scope.of(projects, actions);
  }
}
