package dev.mypi.http.auth;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.HashCode;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication as pip, uv, poetry and twine send it: a user and password from an
 * {@link HtpasswdFile}, or the username {@code __token__} and an API token from a {@link
 * TokenStore} (as PyPI takes tokens). Repeated failures are throttled by a {@link LoginThrottle}.
 *
 * <pre>{@code
 * Authenticator basic = BasicAuthenticator.builder()
 *     .htpasswd(HtpasswdFile.open(Path.of("/etc/mypi/htpasswd")))
 *     .tokens(TokenStore.create(store))
 *     .build();
 * }</pre>
 *
 * <p>A token whose user is no longer in the htpasswd file (when there is one) stops working. A
 * verified password is remembered for five minutes (as a keyed hash, never in clear) so that pip's
 * many requests do not each pay for bcrypt; editing the htpasswd file forgets them all. Nothing
 * secret is logged: a failure is logged at DEBUG with the user name and client address only.
 */
public final class BasicAuthenticator implements Authenticator {
  private static final Logger logger = LoggerFactory.getLogger(BasicAuthenticator.class);
  /** Longest Authorization header value taken (a token or a long password fit easily). */
  private static final int MAX_HEADER_LENGTH = 4096;

  private final @Nullable HtpasswdFile htpasswd;
  private final @Nullable TokenStore tokens;
  private final LoginThrottle throttle;
  private final HashFunction cacheKeys;
  private final Cache<HashCode, Boolean> verified =
      CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(5, TimeUnit.MINUTES).build();

  private BasicAuthenticator(Builder b) {
    this.htpasswd = b.htpasswd;
    this.tokens = b.tokens;
    this.throttle = b.throttle;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.cacheKeys = Hashing.hmacSha256(key);
  }

  /** Returns a builder; set at least one of {@link Builder#htpasswd} and {@link Builder#tokens}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The user name and password of a Basic {@code Authorization} header. */
  record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + user + "]"; // never the password
    }
  }

  /** What {@link #parse} returns for a Basic header that is malformed. */
  static final Credentials MALFORMED = new Credentials("", "");

  /**
   * Parses an {@code Authorization} header: empty when there is none or it is not Basic, {@link
   * #MALFORMED} when it is Basic but cannot be decoded or has no user.
   */
  static Optional<Credentials> parse(@Nullable String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
      return Optional.empty();
    }
    if (h.length() > MAX_HEADER_LENGTH) {
      return Optional.of(MALFORMED);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(h.substring(space + 1).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.of(MALFORMED);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.of(MALFORMED);
    }
    return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  @Override
  public Authentication authenticate(HttpServletRequest request) {
    Optional<Credentials> parsed = parse(request.getHeader("Authorization"));
    if (parsed.isEmpty()) {
      return Authentication.anonymous();
    }
    Credentials credentials = parsed.get();
    if (credentials == MALFORMED) {
      return Authentication.failed("Malformed Basic credentials");
    }
    String address = request.getRemoteAddr();
    Optional<Duration> locked = throttle.lockedFor(credentials.user(), address);
    if (locked.isPresent()) {
      logger.debug("Login of '{}' from {} refused: locked out for {}", credentials.user(), address, locked.get());
      return Authentication.throttled(locked.get());
    }
    Identity identity = check(credentials);
    if (identity == null) {
      boolean lockedOut = throttle.recordFailure(credentials.user(), address);
      logger.debug("Failed login of '{}' from {}{}", credentials.user(), address, lockedOut ? " (now locked out)" : "");
      return Authentication.failed(
          credentials.user().equals(ApiToken.TOKEN_USERNAME)
              ? "Invalid or expired API token"
              : "Invalid username or password");
    }
    throttle.recordSuccess(credentials.user(), address);
    return Authentication.authenticated(identity);
  }

  private @Nullable Identity check(Credentials c) {
    if (c.user().equals(ApiToken.TOKEN_USERNAME)) {
      return checkToken(c.password());
    }
    HtpasswdFile users = htpasswd;
    if (users == null) {
      return null;
    }
    HashCode key =
        cacheKeys.newHasher()
            .putLong(users.generation())
            .putString(c.user(), StandardCharsets.UTF_8)
            .putByte((byte) 0)
            .putString(c.password(), StandardCharsets.UTF_8)
            .hash();
    if (verified.getIfPresent(key) == null) {
      if (!users.verify(c.user(), c.password())) {
        return null;
      }
      verified.put(key, Boolean.TRUE);
    }
    return Identity.of(c.user());
  }

  private @Nullable Identity checkToken(String secret) {
    TokenStore store = tokens;
    if (store == null) {
      return null;
    }
    Optional<ApiToken> token;
    try {
      token = store.verify(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read API tokens: " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      return null;
    }
    ApiToken t = token.get();
    HtpasswdFile users = htpasswd;
    if (users != null && !users.contains(t.user())) {
      logger.debug("Token {} refused: its user '{}' is not in {}", t.shortId(), t.user(), users.file());
      return null;
    }
    return Identity.builder(t.user()).scope(t.scope()).credential("token " + t.shortId()).build();
  }

  /** Configures a {@link BasicAuthenticator}. */
  public static final class Builder {
    private @Nullable HtpasswdFile htpasswd;
    private @Nullable TokenStore tokens;
    private LoginThrottle throttle = LoginThrottle.defaults();

    private Builder() {}

    /** Takes users and passwords from {@code file}. */
    public Builder htpasswd(HtpasswdFile file) {
      this.htpasswd = file;
      return this;
    }

    /** Takes API tokens (username {@code __token__}) from {@code store}. */
    public Builder tokens(TokenStore store) {
      this.tokens = store;
      return this;
    }

    /** Sets the throttle of failed logins; default {@link LoginThrottle#defaults()}. */
    public Builder throttle(LoginThrottle throttle) {
      this.throttle = throttle;
      return this;
    }

    /** Returns the authenticator. */
    public BasicAuthenticator build() {
      checkState(htpasswd != null || tokens != null, "set htpasswd, tokens or both");
      return new BasicAuthenticator(this);
    }
  }
}
