package dev.mypi.http.auth;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.hash.Hashing;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens kept in the index's {@link BlobStore}, so that several servers on one bucket share
 * them: one small JSON document per token at {@code _mypi/tokens/<sha256 of the token>.json},
 * written with a create-only put; revoking deletes it. The token itself is stored nowhere; it is
 * shown once, when it is created.
 *
 * <pre>{@code
 * TokenStore tokens = TokenStore.create(store);
 * TokenStore.NewToken t = tokens.create("alice", Set.of("foo"), Set.of(Action.UPLOAD),
 *     Instant.now().plus(Duration.ofDays(30)), "CI of foo");
 * System.out.println(t.secret());   // mypi-…, use as: twine upload -u __token__ -p mypi-…
 * }</pre>
 *
 * <p>Tokens look like {@code mypi-} followed by 43 base64url characters (256 random bits).
 * Lookups are cached for {@value #CACHE_SECONDS} seconds, so a token revoked on another server
 * (or by the command line while the server runs) stops working within that time.
 */
public final class TokenStore {
  private static final Logger logger = LoggerFactory.getLogger(TokenStore.class);
  /** The prefix of every mypi token. */
  public static final String PREFIX = "mypi-";
  static final int CACHE_SECONDS = 10;
  private static final BlobKey ROOT = BlobKey.of("_mypi/tokens");
  private static final Pattern SECRET = Pattern.compile("mypi-[A-Za-z0-9_-]{43}");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final BlobStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ObjectMapper mapper =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final Cache<String, Optional<ApiToken>> cache =
      CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_SECONDS, TimeUnit.SECONDS).build();

  /** A token just created: the secret (shown once, stored nowhere) and what is stored. */
  public record NewToken(String secret, ApiToken token) {
    @Override
    public String toString() {
      return "NewToken[" + token + "]"; // never the secret
    }
  }

  /** The stored document. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Stored(
      String user, List<String> projects, List<String> actions, String created, @Nullable String expires, @Nullable String description) {}

  private TokenStore(BlobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Returns the tokens kept in {@code store}. */
  public static TokenStore create(BlobStore store) {
    return create(store, Clock.systemUTC());
  }

  /** Returns the tokens kept in {@code store}, with {@code clock} deciding expiry (for tests). */
  public static TokenStore create(BlobStore store, Clock clock) {
    return new TokenStore(store, clock);
  }

  /**
   * Creates a token for {@code user}.
   *
   * @param projects the projects it may be used for (any spelling; normalised); empty for all
   * @param actions what it may be used for; not empty
   * @param expires when it stops working, or null for never
   * @param description a note for {@code token list}, e.g. what uses the token
   */
  public NewToken create(String user, Set<String> projects, Set<Action> actions, @Nullable Instant expires, String description)
      throws IOException {
    checkArgument(!user.isEmpty() && user.indexOf(':') < 0 && !user.equals(ApiToken.TOKEN_USERNAME), "not a user name: '%s'", user);
    checkArgument(!actions.isEmpty(), "a token needs at least one action");
    ImmutableSet.Builder<String> names = ImmutableSet.builder();
    for (String project : projects) {
      names.add(ProjectName.of(project).normalized());
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String id = idOf(secret);
    Instant now = clock.instant();
    ImmutableSet<String> normalized = names.build();
    List<String> actionLabels = actions.stream().sorted().map(Action::label).toList();
    Stored stored =
        new Stored(user, normalized.asList(), actionLabels, now.toString(), expires == null ? null : expires.toString(),
            description.isEmpty() ? null : description);
    byte[] json = mapper.writeValueAsBytes(stored);
    store.put(keyOf(id), new ByteArrayInputStream(json), PutOptions.builder().contentType("application/json").size(json.length).build());
    ApiToken token = toToken(id, stored);
    logger.info("Created token {} for '{}' ({})", token.shortId(), user, token.scope());
    return new NewToken(secret, token);
  }

  /**
   * Returns the token whose secret is {@code secret} when it exists and has not expired; empty
   * otherwise (also for anything that does not look like a mypi token).
   */
  public Optional<ApiToken> verify(String secret) throws IOException {
    if (!SECRET.matcher(secret).matches()) {
      return Optional.empty();
    }
    String id = idOf(secret);
    Optional<ApiToken> token = cache.getIfPresent(id);
    if (token == null) {
      token = read(id);
      cache.put(id, token);
    }
    Instant now = clock.instant();
    return token.filter(t -> !t.isExpired(now));
  }

  /** Returns every token, expired ones included, oldest first. Secrets are not known here. */
  public ImmutableList<ApiToken> list() throws IOException {
    List<String> ids = new ArrayList<>();
    try (Stream<BlobInfo> blobs = store.list(ROOT)) {
      blobs.forEach(
          info -> {
            String name = info.key().toString().substring(ROOT.toString().length() + 1);
            if (name.endsWith(".json") && ID.matcher(name.substring(0, name.length() - 5)).matches()) {
              ids.add(name.substring(0, name.length() - 5));
            }
          });
    }
    List<ApiToken> tokens = new ArrayList<>();
    for (String id : ids) {
      read(id).ifPresent(tokens::add);
    }
    tokens.sort(Comparator.comparing(ApiToken::created).thenComparing(ApiToken::id));
    return ImmutableList.copyOf(tokens);
  }

  /** Returns the tokens whose id starts with {@code idPrefix} (hex digits, any case). */
  public ImmutableList<ApiToken> find(String idPrefix) throws IOException {
    String prefix = idPrefix.trim().toLowerCase(Locale.ROOT);
    return list().stream().filter(t -> t.id().startsWith(prefix)).collect(ImmutableList.toImmutableList());
  }

  /** Revokes {@code token}: deletes its document. Returns false when it was gone already. */
  public boolean revoke(ApiToken token) throws IOException {
    boolean deleted = store.delete(keyOf(token.id()));
    cache.invalidate(token.id());
    logger.info("Revoked token {} of '{}'", token.shortId(), token.user());
    return deleted;
  }

  /** Returns how long a revoked token may still be accepted by a server that used it recently. */
  public static Duration revocationDelay() {
    return Duration.ofSeconds(CACHE_SECONDS);
  }

  static String idOf(String secret) {
    return Hashing.sha256().hashString(secret, StandardCharsets.UTF_8).toString();
  }

  private static BlobKey keyOf(String id) {
    return ROOT.resolve(id + ".json");
  }

  private Optional<ApiToken> read(String id) throws IOException {
    Optional<Blob> blob = store.open(keyOf(id));
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try (Blob b = blob.get();
        InputStream in = b.openStream()) {
      return Optional.of(toToken(id, mapper.readValue(in, Stored.class)));
    } catch (JacksonException | RuntimeException e) {
      logger.warn("Ignoring unreadable token document {}: {}", keyOf(id), e.getMessage());
      return Optional.empty();
    }
  }

  private static ApiToken toToken(String id, Stored s) {
    ImmutableSet.Builder<Action> actions = ImmutableSet.builder();
    for (String a : s.actions()) {
      actions.add(Action.parse(a));
    }
    return new ApiToken(
        id,
        s.user(),
        ImmutableSet.copyOf(s.projects()),
        actions.build(),
        Instant.parse(s.created()),
        s.expires() == null ? null : Instant.parse(s.expires()),
        s.description() == null ? "" : s.description());
  }
}
