package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.ApiToken;
import dev.mypi.http.auth.TokenStore;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar mypi-server.jar token create|list|revoke} against a storage folder. */
class TokenCommandTest {
  @TempDir Path root;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private ApiToken verify(String secret) throws Exception {
    try (BlobStore store = FileSystemBlobStore.create(root)) {
      return TokenStore.create(store).verify(secret).orElseThrow();
    }
  }

  @Test
  void createPrintsTheTokenOnceAndStoresItForTheServer() throws Exception {
    Run r = run("token", "create", "--root", root.toString(), "--user", "alice", "--project", "Foo", "--action", "upload",
        "--expires", "30d", "--description", "CI of foo");

    assertThat(r.code()).as(r.err()).isZero();
    String secret = r.out().strip();
    assertThat(secret).matches("mypi-[A-Za-z0-9_-]{43}");
    ApiToken token = verify(secret);
    assertThat(token.user()).isEqualTo("alice");
    assertThat(token.projects()).containsExactly("foo");
    assertThat(token.actions()).containsExactly(Action.UPLOAD);
    assertThat(token.expires()).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
    assertThat(r.err()).contains("Token " + token.shortId()).contains("upload on foo").doesNotContain(secret);
  }

  @Test
  void listShowsTokensButNeverTheirSecrets() {
    String secret = run("token", "create", "--root", root.toString(), "--user", "alice", "--description", "laptop").out().strip();
    run("token", "create", "--root", root.toString(), "--user", "bob", "--action", "upload", "--action", "yank", "--expires", "never");

    Run list = run("token", "list", "--root", root.toString());

    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("alice").contains("laptop").contains("bob").contains("upload,yank on every project").contains("never");
    assertThat(list.out()).doesNotContain(secret).doesNotContain(secret.substring(5, 20));
  }

  @Test
  void revokeByIdPrefixStopsTheToken() throws Exception {
    String secret = run("token", "create", "--root", root.toString(), "--user", "alice").out().strip();
    String id = verify(secret).shortId();

    Run revoke = run("token", "revoke", "--root", root.toString(), id.substring(0, 8));

    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("Revoked token " + id);
    try (BlobStore store = FileSystemBlobStore.create(root)) {
      assertThat(TokenStore.create(store).verify(secret)).isEmpty();
    }
    assertThat(run("token", "revoke", "--root", root.toString(), id).code()).isEqualTo(1);
  }

  @Test
  void badArgumentsAreRefusedWithAMessage() {
    assertThat(run("token", "revoke", "--root", root.toString(), "xyz").err()).contains("is not a token id");
    assertThat(run("token", "create", "--root", root.toString(), "--user", "alice", "--action", "fly").err()).contains("unknown action 'fly'");
    assertThat(run("token", "create", "--root", root.toString(), "--user", "alice", "--expires", "2001-01-01").err()).contains("must be in the future");
    assertThat(run("token", "create", "--storage", "memory", "--user", "alice").err()).contains("would be lost");
    assertThat(run("token", "create", "--root", root.toString()).code()).isEqualTo(2); // --user is required
  }

  @Test
  void expiriesParseAsDurationsDatesInstantsOrNever() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    assertThat(TokenCommand.parseExpiry("30d", now)).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    assertThat(TokenCommand.parseExpiry("12h", now)).isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
    assertThat(TokenCommand.parseExpiry("2025-06-30", now)).isEqualTo(Instant.parse("2025-06-30T00:00:00Z"));
    assertThat(TokenCommand.parseExpiry("2025-06-30T10:00:00Z", now)).isEqualTo(Instant.parse("2025-06-30T10:00:00Z"));
    assertThat(TokenCommand.parseExpiry("never", now)).isNull();
    assertThatThrownBy(() -> TokenCommand.parseExpiry("soon", now)).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> TokenCommand.parseExpiry("0d", now)).hasMessageContaining("future");
  }
}
