package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.TokenStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's access configuration: defaults, the open-index address rule, project lists. */
class ServletSecurityTest {
  @TempDir Path tmp;

  @Test
  void anOpenIndexMayListenOnLoopbackWithoutAnyFlag() {
    assertThat(ServletSecurity.refusalToListen("127.0.0.1", AccessMode.OPEN, false)).isEmpty();
    assertThat(ServletSecurity.refusalToListen("localhost", AccessMode.OPEN, false)).isEmpty();
    assertThat(ServletSecurity.refusalToListen("::1", AccessMode.OPEN, false)).isEmpty();
    assertThat(ServletSecurity.refusalToListen("127.0.0.2", AccessMode.OPEN, false)).isEmpty();
  }

  @Test
  void anOpenIndexOnAnotherAddressNeedsTheFlagThatNamesTheRisk() {
    assertThat(ServletSecurity.refusalToListen("0.0.0.0", AccessMode.OPEN, false))
        .hasValueSatisfying(m -> assertThat(m).contains("anyone who reaches it could upload").contains("--allow-anonymous-uploads-from-network"));
    assertThat(ServletSecurity.refusalToListen("0.0.0.0", AccessMode.OPEN, true)).isEmpty();
    assertThat(ServletSecurity.refusalToListen("0.0.0.0", AccessMode.UPLOAD_NEEDS_LOGIN, false)).isEmpty();
    assertThat(ServletSecurity.refusalToListen("::", AccessMode.OPEN, false)).isPresent();
  }

  @Test
  void theServerRefusesToStartOpenOnAllInterfaces() {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine().setErr(new PrintWriter(err, true)).execute("--host", "0.0.0.0", "--port", "0", "--storage", "memory", "--no-request-log");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Refusing to serve an open index on 0.0.0.0");
  }

  @Test
  void uploadsNeedALoginOnceAnHtpasswdFileIsConfigured() {
    SecurityConfig withUsers = SecurityConfig.of(null, tmp.resolve("htpasswd"), ImmutableSet.of(), null, null, false);
    SecurityConfig without = SecurityConfig.of(null, null, ImmutableSet.of(), null, null, false);
    SecurityConfig explicit = SecurityConfig.of(AccessMode.EVERYTHING_NEEDS_LOGIN, tmp.resolve("htpasswd"), ImmutableSet.of(), null, null, false);

    assertThat(withUsers.effectiveAccessMode()).isEqualTo(AccessMode.UPLOAD_NEEDS_LOGIN);
    assertThat(without.effectiveAccessMode()).isEqualTo(AccessMode.OPEN);
    assertThat(explicit.effectiveAccessMode()).isEqualTo(AccessMode.EVERYTHING_NEEDS_LOGIN);
  }

  @Test
  void theCommandLineAndEnvironmentBuildTheAccessConfiguration() {
    Main main = new Main();
    picocli.CommandLine cmd = new picocli.CommandLine(main);
    cmd.parseArgs("--access-mode", "everything-needs-login", "--admins", "alice, bob", "--private-projects", "a,b");

    SecurityConfig auth = main.securityConfig();

    assertThat(auth.accessMode()).isEqualTo(AccessMode.EVERYTHING_NEEDS_LOGIN);
    assertThat(auth.admins()).containsExactly("alice", "bob");
    assertThat(auth.privateProjects()).isEqualTo("a,b");
    assertThat(auth.allowAnonymousUploadsFromNetwork()).isFalse();
  }

  @Test
  void anUnknownAccessModeIsAUsageError() {
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("--access-mode", "closed");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown access mode 'closed'");
  }

  @Test
  void projectListsComeFromAFileWithUsersOrFromAList() throws Exception {
    Path file = tmp.resolve("private.txt");
    Files.writeString(file, "# private projects\nSecret_Sauce: bob, carol\ninternal-tools   # nobody else\n\nsecret.sauce: dave\n");

    assertThat(ProjectLists.fileOrList(file.toString()))
        .isEqualTo(Map.of("secret-sauce", Set.of("bob", "carol", "dave"), "internal-tools", Set.of()));
    assertThat(ProjectLists.fileOrList("Foo, bar_baz")).isEqualTo(Map.of("foo", Set.of(), "bar-baz", Set.of()));
    assertThatThrownBy(() -> ProjectLists.fileOrList("ok, not valid!")).hasMessageContaining("'not valid!'");
  }

  @Test
  void anOpenIndexWithPrivateProjectsStillAuthenticatesTheirReaders() throws Exception {
    Path htpasswd = tmp.resolve("htpasswd");
    Files.writeString(htpasswd, "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
    SecurityConfig config = SecurityConfig.of(AccessMode.OPEN, htpasswd, ImmutableSet.of(), "secret", null, false);

    ServletSecurity security = ServletSecurity.create(config, TokenStore.create(InMemoryBlobStore.create()));

    assertThat(security.accessMode()).isEqualTo(AccessMode.OPEN);
    assertThat(security.applyTo(dev.mypi.http.MypiServlet.builder(
        dev.mypi.core.ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build())).build()).isNotNull();
  }
}
