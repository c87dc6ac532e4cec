package dev.mypi.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private final InMemoryBlobStore store = InMemoryBlobStore.create();
  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private final TokenStore tokens = TokenStore.create(store, clock);

  private List<String> keys() throws IOException {
    try (Stream<BlobInfo> list = store.list(BlobKey.of("_mypi/tokens"))) {
      return list.map(i -> i.key().toString()).toList();
    }
  }

  private String contents(String key) throws IOException {
    try (Blob b = store.open(BlobKey.of(key)).orElseThrow();
        InputStream in = b.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aCreatedTokenVerifiesWithItsUserScopeAndExpiry() throws IOException {
    Instant expires = clock.instant().plus(Duration.ofDays(30));
    TokenStore.NewToken created = tokens.create("alice", Set.of("Foo_Bar"), Set.of(Action.UPLOAD), expires, "CI of foo");

    ApiToken token = tokens.verify(created.secret()).orElseThrow();

    assertThat(created.secret()).matches("mypi-[A-Za-z0-9_-]{43}");
    assertThat(token.user()).isEqualTo("alice");
    assertThat(token.projects()).containsExactly("foo-bar");
    assertThat(token.actions()).containsExactly(Action.UPLOAD);
    assertThat(token.expires()).isEqualTo(expires);
    assertThat(token.description()).isEqualTo("CI of foo");
    assertThat(token.scope().permits(Action.UPLOAD, "foo-bar")).isTrue();
    assertThat(token.scope().permits(Action.UPLOAD, "other")).isFalse();
    assertThat(token.scope().permits(Action.YANK, "foo-bar")).isFalse();
  }

  @Test
  void storesOnlyTheSha256OfTheToken() throws IOException {
    TokenStore.NewToken created = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "");

    List<String> keys = keys();
    assertThat(keys).containsExactly("_mypi/tokens/" + TokenStore.idOf(created.secret()) + ".json");
    assertThat(contents(keys.get(0))).doesNotContain(created.secret()).doesNotContain(created.secret().substring(5));
    assertThat(created.toString()).doesNotContain(created.secret());
  }

  @Test
  void anExpiredTokenNoLongerVerifies() throws IOException {
    TokenStore.NewToken created = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), clock.instant().plusSeconds(60), "");
    assertThat(tokens.verify(created.secret())).isPresent();

    clock.advance(Duration.ofSeconds(60));

    assertThat(tokens.verify(created.secret())).isEmpty();
    assertThat(tokens.list()).hasSize(1); // still listed, so that it can be seen and revoked
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnceOnTheStoreThatRevokedIt() throws IOException {
    TokenStore.NewToken created = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "");
    assertThat(tokens.verify(created.secret())).isPresent();

    assertThat(tokens.revoke(created.token())).isTrue();

    assertThat(tokens.verify(created.secret())).isEmpty();
    assertThat(keys()).isEmpty();
  }

  @Test
  void anotherServerOnTheSameBlobStoreSeesTheToken() throws IOException {
    TokenStore.NewToken created = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "");

    TokenStore otherNode = TokenStore.create(store, clock);

    assertThat(otherNode.verify(created.secret()).orElseThrow().user()).isEqualTo("alice");
  }

  @Test
  void stringsThatAreNotMypiTokensDoNotVerify() throws IOException {
    TokenStore.NewToken created = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "");
    String secret = created.secret();

    assertThat(tokens.verify("")).isEmpty();
    assertThat(tokens.verify("pypi-" + secret.substring(5))).isEmpty();
    assertThat(tokens.verify(secret + "x")).isEmpty();
    assertThat(tokens.verify(secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A"))).isEmpty();
    assertThat(tokens.verify("x".repeat(100_000))).isEmpty();
  }

  @Test
  void listShowsEveryTokenWithoutSecretsAndFindMatchesIdPrefixes() throws IOException {
    TokenStore.NewToken a = tokens.create("alice", Set.of("foo"), Set.of(Action.UPLOAD), null, "");
    clock.advance(Duration.ofSeconds(1));
    TokenStore.NewToken b = tokens.create("bob", Set.of(), Set.of(Action.UPLOAD, Action.YANK), null, "");

    assertThat(tokens.list()).containsExactly(a.token(), b.token());
    assertThat(tokens.find(a.token().shortId().toUpperCase())).containsExactly(a.token());
    assertThat(tokens.find("")).hasSize(2);
    assertThat(a.token().shortId()).hasSize(12);
  }

  @Test
  void refusesBadRequestsForTokens() {
    assertThatThrownBy(() -> tokens.create("alice", Set.of(), Set.of(), null, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.create("__token__", Set.of(), Set.of(Action.UPLOAD), null, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.create("a:b", Set.of(), Set.of(Action.UPLOAD), null, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.create("alice", Set.of("not a name!"), Set.of(Action.UPLOAD), null, ""))
        .hasMessageContaining("not a name!");
  }
}
