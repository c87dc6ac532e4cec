package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.BasicAuthenticator;
import dev.mypi.http.auth.HtpasswdFile;
import dev.mypi.http.auth.TokenStore;
import dev.mypi.testkit.PythonTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins as the real clients do them: twine with passwords and {@code __token__} API tokens
 * against an index whose uploads need a login, pip with credentials in the index URL against one
 * where everything does. Users come from an htpasswd file written by Apache's {@code htpasswd}
 * (bcrypt) when it is installed.
 */
@Timeout(600)
class AuthenticationIT {
  private static final String ALICE_PASSWORD = "alice's correct horse";
  private static final String BOB_PASSWORD = "bob-battery-staple";

  @TempDir static Path tmp;
  static RunningIndex uploads;
  static RunningIndex everything;
  static TokenStore tokens;
  static PythonTools python;
  static Path dist;
  static final List<String> requestLog = new CopyOnWriteArrayList<>();
  static final List<String> secretsSent = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServers() throws Exception {
    assumeThat(PythonTools.twineAvailable()).as("twine on PATH (apt-get install twine)").isTrue();
    Path htpasswd = tmp.resolve("htpasswd");
    Files.writeString(htpasswd, htpasswdLine("alice", ALICE_PASSWORD) + "\n" + htpasswdLine("bob", BOB_PASSWORD) + "\n");
    uploads =
        RunningIndex.start(
            tmp.resolve("uploads"),
            store -> {
              tokens = TokenStore.create(store);
              return b -> b.authenticator(authenticator(htpasswd, tokens)).accessMode(AccessMode.UPLOAD_NEEDS_LOGIN);
            },
            b -> b.requestLogSink(requestLog::add));
    everything =
        RunningIndex.start(
            tmp.resolve("everything"),
            store -> b -> b.authenticator(authenticator(htpasswd, TokenStore.create(store))).accessMode(AccessMode.EVERYTHING_NEEDS_LOGIN),
            b -> b.requestLogSink(requestLog::add));
    python = new PythonTools(tmp.resolve("home"));
    dist = Files.createDirectories(tmp.resolve("dist"));
    secretsSent.addAll(List.of(ALICE_PASSWORD, BOB_PASSWORD, basic("alice", ALICE_PASSWORD), basic("bob", BOB_PASSWORD)));
  }

  @AfterAll
  static void stopServers() throws IOException {
    for (RunningIndex r : new RunningIndex[] {uploads, everything}) {
      if (r != null) {
        r.close();
      }
    }
  }

  private static BasicAuthenticator authenticator(Path htpasswd, TokenStore tokens) {
    try {
      return BasicAuthenticator.builder().htpasswd(HtpasswdFile.open(htpasswd)).tokens(tokens).build();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A bcrypt line from the real htpasswd when installed, else a {SHA} line. */
  private static String htpasswdLine(String user, String password) throws Exception {
    try {
      Process p = new ProcessBuilder("htpasswd", "-nbB", user, password).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith(user + ":$2y$")) {
        return out;
      }
    } catch (IOException notInstalled) {
      // fall through
    }
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
    return user + ":{SHA}" + Base64.getEncoder().encodeToString(sha1);
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Path wheel(String name, String version) throws IOException {
    Path d = Files.createDirectories(dist.resolve(name + "-" + version));
    return TestDistributions.of(name, version).writeWheel(d);
  }

  private static String token(String user, Set<String> projects, Instant expires, Clock clock) throws IOException {
    String secret = TokenStore.create(uploads.store, clock).create(user, projects, Set.of(Action.UPLOAD), expires, "").secret();
    secretsSent.add(secret);
    return secret;
  }

  @Test
  void twineUploadsWithTheRightPasswordAndFailsClearlyWithAWrongOne() throws Exception {
    Path wheel = wheel("pw-project", "1.0");

    PythonTools.Result wrong = python.twineUploadAs(uploads.uploadUrl(), "alice", "not-" + ALICE_PASSWORD, "--verbose", wheel.toString());
    secretsSent.add("not-" + ALICE_PASSWORD);
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.output()).contains("401").contains("Invalid username or password");
    assertThat(uploads.index.project("pw-project")).isEmpty();

    python.twineUploadAs(uploads.uploadUrl(), "alice", ALICE_PASSWORD, wheel.toString()).assertSuccess();
    assertThat(uploads.index.owners("pw-project")).containsExactly("alice");
  }

  @Test
  void twineUploadsWithAnApiTokenAsUserDunderToken() throws Exception {
    String token = token("alice", Set.of("token-project"), null, Clock.systemUTC());

    python.twineUploadAs(uploads.uploadUrl(), "__token__", token, wheel("token-project", "1.0").toString()).assertSuccess();

    assertThat(uploads.index.owners("token-project")).containsExactly("alice");
  }

  @Test
  void aTokenForAnotherProjectIsRefusedWith403() throws Exception {
    String token = token("alice", Set.of("some-other-project"), null, Clock.systemUTC());

    PythonTools.Result r = python.twineUploadAs(uploads.uploadUrl(), "__token__", token, "--verbose", wheel("scoped-project", "1.0").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("403 Forbidden").contains("may not upload to project").contains("'scoped-project'");
    assertThat(uploads.index.project("scoped-project")).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedWith401() throws Exception {
    Clock lastMonth = Clock.fixed(Instant.now().minus(Duration.ofDays(30)), ZoneOffset.UTC);
    String token = token("alice", Set.of(), lastMonth.instant().plus(Duration.ofDays(1)), lastMonth);

    PythonTools.Result r = python.twineUploadAs(uploads.uploadUrl(), "__token__", token, "--verbose", wheel("expired-project", "1.0").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("401").contains("Invalid or expired API token");
    assertThat(uploads.index.project("expired-project")).isEmpty();
  }

  @Test
  void aSecondUserCannotUploadToTheFirstUsersProject() throws Exception {
    python.twineUploadAs(uploads.uploadUrl(), "alice", ALICE_PASSWORD, wheel("alices-project", "1.0").toString()).assertSuccess();

    PythonTools.Result bob = python.twineUploadAs(uploads.uploadUrl(), "bob", BOB_PASSWORD, "--verbose", wheel("alices-project", "1.1").toString());

    assertThat(bob.exitCode()).isNotZero();
    assertThat(bob.output()).contains("403").contains("belongs to other users");
    assertThat(uploads.index.project("alices-project").orElseThrow().files()).hasSize(1);
  }

  @Test
  void pipInstallsWithCredentialsInTheIndexUrlWhenEverythingNeedsALogin() throws Exception {
    python.twineUploadAs(everything.uploadUrl(), "bob", BOB_PASSWORD, wheel("private-lib", "2.0").toString()).assertSuccess();
    String url = everything.simpleUrl().replace("http://", "http://bob:" + BOB_PASSWORD.replace("-", "%2D") + "@");
    Path site = Files.createDirectories(tmp.resolve("site-private"));

    python.pipInstall(url, site, "private-lib").assertSuccess();

    assertThat(Files.exists(site.resolve("private_lib"))).isTrue();
  }

  @Test
  void pipWithoutCredentialsFailsWith401WhenEverythingNeedsALogin() throws Exception {
    python.twineUploadAs(everything.uploadUrl(), "bob", BOB_PASSWORD, wheel("locked-lib", "1.0").toString()).assertSuccess();

    PythonTools.Result r = python.pipInstall(everything.simpleUrl(), Files.createDirectories(tmp.resolve("site-locked")), "-vv", "locked-lib");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("401 Client Error: Unauthorized").contains("No matching distribution found for locked-lib");
    assertThat(requestLog).anySatisfy(line -> assertThat(line).contains("\"GET /simple/locked-lib/ HTTP/1.1\" 401 "));
  }

  @Test
  void anOpenIndexIgnoresTheCredentialsTwineSends() throws Exception {
    try (RunningIndex open = RunningIndex.start(tmp.resolve("open"))) {
      python.twineUploadAs(open.uploadUrl(), "nobody", "wrong", wheel("open-project", "1.0").toString()).assertSuccess();

      assertThat(open.index.project("open-project")).isPresent();
      assertThat(open.index.owners("open-project")).isEmpty();
    }
  }

  @Test
  void noRequestLogLineContainsAPasswordOrAToken() throws Exception {
    String token = token("alice", Set.of("logged-project"), null, Clock.systemUTC());
    python.twineUploadAs(uploads.uploadUrl(), "__token__", token, wheel("logged-project", "1.0").toString()).assertSuccess();
    python.twineUploadAs(uploads.uploadUrl(), "bob", "guess-" + BOB_PASSWORD, wheel("logged-project", "1.1").toString());
    secretsSent.add("guess-" + BOB_PASSWORD);

    assertThat(requestLog).isNotEmpty();
    for (String line : requestLog) {
      for (String secret : secretsSent) {
        assertThat(line).doesNotContain(secret);
      }
      assertThat(line).doesNotContain("Basic ").doesNotContain("mypi-");
    }
  }
}
