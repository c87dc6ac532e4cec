package dev.mypi.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.auth.Authentication.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthenticatorTest {
  // sha1("test") and sha1("password"): fast hashes keep this test fast
  private static final String USERS = "alice:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\nbob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private Path file;
  private TokenStore tokens;
  private BasicAuthenticator auth;

  @BeforeEach
  void setUp() throws IOException {
    file = dir.resolve("htpasswd");
    Files.writeString(file, USERS);
    tokens = TokenStore.create(InMemoryBlobStore.create(), clock);
    auth =
        BasicAuthenticator.builder()
            .htpasswd(HtpasswdFile.open(file, clock))
            .tokens(tokens)
            .throttle(LoginThrottle.create(5, Duration.ofSeconds(60), Duration.ofSeconds(60), clock))
            .build();
  }

  @Test
  void aRequestWithoutCredentialsIsAnonymous() {
    assertThat(auth.authenticate(FakeRequest.none()).outcome()).isEqualTo(Outcome.ANONYMOUS);
    assertThat(auth.authenticate(FakeRequest.header("Bearer abc")).outcome()).isEqualTo(Outcome.ANONYMOUS);
  }

  @Test
  void malformedBasicCredentialsFail() {
    assertThat(auth.authenticate(FakeRequest.header("Basic !!!")).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(auth.authenticate(FakeRequest.header("Basic bm9jb2xvbg==")).outcome()).isEqualTo(Outcome.FAILED); // "nocolon"
    assertThat(auth.authenticate(FakeRequest.header("Basic " + "A".repeat(10_000))).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void theRightPasswordAuthenticatesTheUser() {
    Authentication a = auth.authenticate(FakeRequest.basic("alice", "test"));

    assertThat(a.outcome()).isEqualTo(Outcome.AUTHENTICATED);
    assertThat(a.requireIdentity().name()).isEqualTo("alice");
    assertThat(a.requireIdentity().scope()).isEqualTo(Scope.unrestricted());
    assertThat(auth.authenticate(FakeRequest.header("basic YWxpY2U6dGVzdA==")).outcome()).isEqualTo(Outcome.AUTHENTICATED);
  }

  @Test
  void aWrongPasswordFailsWithoutSayingWhetherTheUserExists() {
    Authentication wrong = auth.authenticate(FakeRequest.basic("alice", "nope"));
    Authentication unknown = auth.authenticate(FakeRequest.basic("mallory", "nope"));

    assertThat(wrong.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(unknown.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(wrong.reason()).isEqualTo(unknown.reason());
  }

  @Test
  void aRememberedGoodPasswordDoesNotLetAWrongOneIn() {
    assertThat(auth.authenticate(FakeRequest.basic("alice", "test")).outcome()).isEqualTo(Outcome.AUTHENTICATED);

    assertThat(auth.authenticate(FakeRequest.basic("alice", "tesT")).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(auth.authenticate(FakeRequest.basic("bob", "test")).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void aRememberedPasswordIsForgottenWhenTheFileChanges() throws IOException {
    assertThat(auth.authenticate(FakeRequest.basic("alice", "test")).outcome()).isEqualTo(Outcome.AUTHENTICATED);
    Files.writeString(file, "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    clock.advance(Duration.ofSeconds(1));

    assertThat(auth.authenticate(FakeRequest.basic("alice", "test")).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void anApiTokenAuthenticatesAsItsUserWithItsScope() throws IOException {
    TokenStore.NewToken t = tokens.create("alice", Set.of("foo"), Set.of(Action.UPLOAD), null, "");

    Identity id = auth.authenticate(FakeRequest.basic("__token__", t.secret())).requireIdentity();

    assertThat(id.name()).isEqualTo("alice");
    assertThat(id.scope().permits(Action.UPLOAD, "foo")).isTrue();
    assertThat(id.scope().permits(Action.UPLOAD, "bar")).isFalse();
    assertThat(id.credential()).isEqualTo("token " + t.token().shortId()).doesNotContain(t.secret());
  }

  @Test
  void expiredRevokedAndWrongTokensFail() throws IOException {
    TokenStore.NewToken expiring = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), clock.instant().plusSeconds(10), "");
    TokenStore.NewToken revoked = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "");
    tokens.revoke(revoked.token());
    clock.advance(Duration.ofSeconds(10));

    assertThat(auth.authenticate(FakeRequest.basic("__token__", expiring.secret())).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(auth.authenticate(FakeRequest.basic("__token__", revoked.secret())).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(auth.authenticate(FakeRequest.basic("__token__", "test")).reason()).isEqualTo("Invalid or expired API token");
  }

  @Test
  void aTokenOfAUserRemovedFromTheHtpasswdFileFails() throws IOException {
    TokenStore.NewToken t = tokens.create("carol", Set.of(), Set.of(Action.UPLOAD), null, "");

    assertThat(auth.authenticate(FakeRequest.basic("__token__", t.secret())).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void fiveFailuresLockTheUserOutOfThatAddressEvenWithTheRightPassword() {
    for (int i = 0; i < 5; i++) {
      assertThat(auth.authenticate(FakeRequest.basic("alice", "guess" + i, "198.51.100.7")).outcome()).isEqualTo(Outcome.FAILED);
    }

    Authentication locked = auth.authenticate(FakeRequest.basic("alice", "test", "198.51.100.7"));

    assertThat(locked.outcome()).isEqualTo(Outcome.THROTTLED);
    assertThat(locked.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(auth.authenticate(FakeRequest.basic("alice", "test", "198.51.100.8")).outcome()).isEqualTo(Outcome.AUTHENTICATED);
    clock.advance(Duration.ofSeconds(60));
    assertThat(auth.authenticate(FakeRequest.basic("alice", "test", "198.51.100.7")).outcome()).isEqualTo(Outcome.AUTHENTICATED);
  }
}
