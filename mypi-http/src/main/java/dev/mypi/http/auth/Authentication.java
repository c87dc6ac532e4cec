package dev.mypi.http.auth;

import static com.google.common.base.Preconditions.checkState;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Authenticator} found out about a request: nobody logged in, a user, wrong
 * credentials (401), or too many failures from this client for this user (429).
 */
public final class Authentication {
  /** The four outcomes. */
  public enum Outcome {
    /** The request carries no credentials the authenticator understands. */
    ANONYMOUS,
    /** The request carries valid credentials. */
    AUTHENTICATED,
    /** The request carries credentials that are wrong, expired or malformed: answered 401. */
    FAILED,
    /** Too many failures: answered 429 without checking the credentials. */
    THROTTLED
  }

  private static final Authentication ANONYMOUS = new Authentication(Outcome.ANONYMOUS, null, "", Duration.ZERO);

  private final Outcome outcome;
  private final @Nullable Identity identity;
  private final String reason;
  private final Duration retryAfter;

  private Authentication(Outcome outcome, @Nullable Identity identity, String reason, Duration retryAfter) {
    this.outcome = outcome;
    this.identity = identity;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  /** Returns the outcome of a request without credentials. */
  public static Authentication anonymous() {
    return ANONYMOUS;
  }

  /** Returns the outcome of a request with valid credentials. */
  public static Authentication authenticated(Identity identity) {
    return new Authentication(Outcome.AUTHENTICATED, identity, "", Duration.ZERO);
  }

  /**
   * Returns the outcome of a request with wrong credentials; {@code reason} is shown to the
   * client, so it must not say whether the user exists or contain a secret.
   */
  public static Authentication failed(String reason) {
    return new Authentication(Outcome.FAILED, null, reason, Duration.ZERO);
  }

  /** Returns the outcome of a request that is refused for {@code retryAfter} after repeated failures. */
  public static Authentication throttled(Duration retryAfter) {
    return new Authentication(Outcome.THROTTLED, null, "Too many failed logins", retryAfter);
  }

  /** Returns the outcome. */
  public Outcome outcome() {
    return outcome;
  }

  /** Returns the user when {@link Outcome#AUTHENTICATED}, else empty. */
  public Optional<Identity> identity() {
    return Optional.ofNullable(identity);
  }

  /** Returns the identity of an {@link Outcome#AUTHENTICATED} outcome; throws IllegalStateException otherwise. */
  public Identity requireIdentity() {
    checkState(identity != null, "not authenticated: %s", outcome);
    return identity;
  }

  /** Returns why authentication failed (for the client), or an empty string. */
  public String reason() {
    return reason;
  }

  /** Returns how long to wait when {@link Outcome#THROTTLED}, else zero. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String toString() {
    return identity != null ? outcome + " " + identity : outcome + (reason.isEmpty() ? "" : ": " + reason);
  }
}
