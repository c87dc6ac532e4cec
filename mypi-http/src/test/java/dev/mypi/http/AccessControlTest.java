package dev.mypi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.Authorizer;
import dev.mypi.http.auth.BasicAuthenticator;
import dev.mypi.http.auth.DefaultAuthorizer;
import dev.mypi.http.auth.HtpasswdFile;
import dev.mypi.http.auth.Identity;
import dev.mypi.http.auth.TokenStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what over real HTTP: access modes, 401/403/429, tokens, owners, private projects. */
class AccessControlTest {
  // {SHA} hashes of "alice-pw" and "bob-pw" keep the test fast; bcrypt is covered by HtpasswdFileTest
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;
  private InMemoryBlobStore store;
  private ProjectIndex index;
  private TokenStore tokens;
  private BasicAuthenticator basic;
  private JettyHost server;

  @BeforeEach
  void openIndex() throws Exception {
    store = InMemoryBlobStore.create();
    index = ProjectIndex.builder(store).spoolDirectory(tmp).build();
    tokens = TokenStore.create(store);
    Path htpasswd = tmp.resolve("htpasswd");
    Files.writeString(htpasswd, "alice:" + sha("alice-pw") + "\nbob:" + sha("bob-pw") + "\n");
    basic = BasicAuthenticator.builder().htpasswd(HtpasswdFile.open(htpasswd)).tokens(tokens).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    index.close();
  }

  private static String sha(String password) throws Exception {
    return "{SHA}" + Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
  }

  private void start(UnaryOperator<MypiServlet.Builder> configure) throws Exception {
    server = JettyHost.start(configure.apply(MypiServlet.builder(index)).build());
  }

  private static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> upload(String project, String version, String... headers) throws Exception {
    byte[] wheel = MypiServletTest.wheel(project, project.replace('-', '_'), version);
    String filename = project.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + project + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n" + MypiServletTest.sha256(wheel) + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename + "\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(wheel);
    body.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder r =
        HttpRequest.newBuilder(server.url().resolve("legacy/"))
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (headers.length > 0) {
      r.headers(headers);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(server.url().resolve(path)).header("Accept", "text/html");
    if (headers.length > 0) {
      r.headers(headers);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> storedFiles() throws IOException {
    try (Stream<BlobInfo> list = store.list(BlobKey.of("files"))) {
      return list.map(i -> i.key().toString()).toList();
    }
  }

  @Test
  void anUploadWithoutCredentialsIs401WithABasicChallengeAndStoresNothing() throws Exception {
    start(b -> b.authenticator(basic));

    HttpResponse<String> r = upload("foo", "1.0");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mypi\", charset=\"UTF-8\"");
    assertThat(r.body()).contains("Uploading needs a login");
    assertThat(storedFiles()).isEmpty();
    assertThat(index.serial()).isZero();
  }

  @Test
  void anUploadWithAWrongPasswordIs401() throws Exception {
    start(b -> b.authenticator(basic));

    HttpResponse<String> r = upload("foo", "1.0", "Authorization", basicHeader("alice", "bob-pw"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(r.body()).contains("Invalid username or password");
    assertThat(storedFiles()).isEmpty();
  }

  @Test
  void theFirstUploaderOwnsTheProjectAndAnotherUserGets403() throws Exception {
    start(b -> b.authenticator(basic));

    assertThat(upload("foo", "1.0", "Authorization", basicHeader("alice", "alice-pw")).statusCode()).isEqualTo(200);
    HttpResponse<String> bob = upload("foo", "2.0", "Authorization", basicHeader("bob", "bob-pw"));

    assertThat(index.owners("foo")).containsExactly("alice");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).contains("Project 'foo' belongs to other users; 'bob' may not upload to it.");
    assertThat(storedFiles()).noneMatch(k -> k.contains("2.0"));
    assertThat(upload("foo", "2.0", "Authorization", basicHeader("alice", "alice-pw")).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenUploadsToItsProjectAndGets403ForAnother() throws Exception {
    start(b -> b.authenticator(basic));
    String token = tokens.create("alice", Set.of("foo"), Set.of(Action.UPLOAD), null, "").secret();

    HttpResponse<String> own = upload("foo", "1.0", "Authorization", basicHeader("__token__", token));
    HttpResponse<String> other = upload("bar", "1.0", "Authorization", basicHeader("__token__", token));

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(index.owners("foo")).containsExactly("alice");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("may not upload to project 'bar'").doesNotContain(token);
    assertThat(index.project("bar")).isEmpty();
  }

  @Test
  void repeatedFailuresAreAnswered429WithRetryAfter() throws Exception {
    start(b -> b.authenticator(basic));
    for (int i = 0; i < 5; i++) {
      assertThat(upload("foo", "1.0", "Authorization", basicHeader("alice", "guess" + i)).statusCode()).isEqualTo(401);
    }

    HttpResponse<String> r = upload("foo", "1.0", "Authorization", basicHeader("alice", "alice-pw"));

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("60");
    assertThat(storedFiles()).isEmpty();
  }

  @Test
  void anOpenIndexIgnoresBasicCredentialsEvenWrongOnes() throws Exception {
    start(b -> b);

    HttpResponse<String> r = upload("foo", "1.0", "Authorization", basicHeader("whoever", "whatever"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(index.owners("foo")).isEmpty();
    assertThat(get("simple/foo/", "Authorization", "Basic !!!").statusCode()).isEqualTo(200);
  }

  @Test
  void withUploadNeedsLoginReadsStayAnonymousWhateverCredentialsTheyCarry() throws Exception {
    start(b -> b.authenticator(basic).accessMode(AccessMode.UPLOAD_NEEDS_LOGIN));
    upload("foo", "1.0", "Authorization", basicHeader("alice", "alice-pw"));

    assertThat(get("simple/").statusCode()).isEqualTo(200);
    assertThat(get("simple/foo/", "Authorization", basicHeader("alice", "wrong")).statusCode()).isEqualTo(200);
  }

  @Test
  void withEverythingNeedsLoginReadsAsk401ButHealthDoesNot() throws Exception {
    start(b -> b.authenticator(basic).accessMode(AccessMode.EVERYTHING_NEEDS_LOGIN));
    upload("foo", "1.0", "Authorization", basicHeader("alice", "alice-pw"));

    HttpResponse<String> anonymous = get("simple/foo/");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mypi\", charset=\"UTF-8\"");
    assertThat(get("simple/").statusCode()).isEqualTo(401);
    assertThat(get("files/foo/foo-1.0-py3-none-any.whl").statusCode()).isEqualTo(401);
    assertThat(get("").statusCode()).isEqualTo(401);
    assertThat(get("simple/foo/", "Authorization", basicHeader("bob", "bob-pw")).statusCode()).isEqualTo(200);
    assertThat(get("files/foo/foo-1.0-py3-none-any.whl", "Authorization", basicHeader("bob", "bob-pw")).statusCode()).isEqualTo(200);
    assertThat(get("health").statusCode()).isEqualTo(200);
  }

  @Test
  void anUploadOnlyTokenCannotReadWhenReadingNeedsALogin() throws Exception {
    start(b -> b.authenticator(basic).accessMode(AccessMode.EVERYTHING_NEEDS_LOGIN));
    String uploadOnly = tokens.create("alice", Set.of(), Set.of(Action.UPLOAD), null, "").secret();
    String reader = tokens.create("alice", Set.of(), Set.of(Action.READ), null, "").secret();

    assertThat(get("simple/", "Authorization", basicHeader("__token__", uploadOnly)).statusCode()).isEqualTo(403);
    assertThat(get("simple/", "Authorization", basicHeader("__token__", reader)).statusCode()).isEqualTo(200);
  }

  @Test
  void aPrivateProjectNeedsALoginToBeReadAndIsHiddenFromTheListOfOthers() throws Exception {
    DefaultAuthorizer rules = DefaultAuthorizer.builder().privateProject("secret", Set.of("bob")).build();
    start(b -> b.authenticator(basic).authorizer(rules));
    upload("secret", "1.0", "Authorization", basicHeader("alice", "alice-pw"));
    upload("public", "1.0", "Authorization", basicHeader("alice", "alice-pw"));
    String file = "files/secret/secret-1.0-py3-none-any.whl";

    assertThat(get("simple/secret/").statusCode()).isEqualTo(401);
    assertThat(get(file).statusCode()).isEqualTo(401);
    assertThat(get("simple/secret/", "Authorization", basicHeader("bob", "bob-pw")).statusCode()).isEqualTo(200);
    assertThat(get(file, "Authorization", basicHeader("alice", "alice-pw")).statusCode()).as("owner").isEqualTo(200);
    assertThat(get("simple/").body()).contains("public").doesNotContain("secret");
    assertThat(get("simple/public/").statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenForOneProjectListsOnlyThatProjectAlsoWithoutPrivateProjects() throws Exception {
    start(b -> b.authenticator(basic).accessMode(AccessMode.EVERYTHING_NEEDS_LOGIN));
    upload("foo", "1.0", "Authorization", basicHeader("alice", "alice-pw"));
    upload("bar", "1.0", "Authorization", basicHeader("alice", "alice-pw"));
    String fooReader = tokens.create("alice", Set.of("foo"), Set.of(Action.READ), null, "").secret();

    assertThat(get("simple/", "Authorization", basicHeader("__token__", fooReader)).body()).contains("foo").doesNotContain("bar");
    assertThat(get("simple/", "Authorization", basicHeader("alice", "alice-pw")).body()).contains("foo", "bar");
  }

  @Test
  void anAuthorizerThatMayHideProjectsIsAskedAboutEveryProjectOfTheList() throws Exception {
    Authorizer hidesBar =
        (identity, action, project, owners) -> !(action == Action.READ && "bar".equals(project));
    start(b -> b.authorizer(hidesBar));
    upload("foo", "1.0");
    upload("bar", "1.0");

    assertThat(get("simple/").body()).contains("foo").doesNotContain("bar");
    assertThat(get("simple/bar/").statusCode()).isEqualTo(401);
  }

  @Test
  void anAuthorizerThatHidesNothingGetsTheCachedListWithoutBeingAskedPerProject() throws Exception {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    Authorizer open =
        new Authorizer() {
          @Override
          public boolean permits(@Nullable Identity identity, Action action, @Nullable String project, Set<String> owners) {
            asked.add(action + " " + project);
            return true;
          }

          @Override
          public boolean mayHideProjects() {
            return false;
          }
        };
    start(b -> b.authorizer(open));
    upload("foo", "1.0");
    upload("bar", "1.0");
    asked.clear();

    assertThat(get("simple/").body()).contains("foo", "bar");
    assertThat(asked).containsExactly("READ null");
  }

  @Test
  void aPrivateProjectIsForbiddenToAKnownUserWhoIsNotAReader() throws Exception {
    DefaultAuthorizer rules = DefaultAuthorizer.builder().privateProject("secret", Set.of()).build();
    start(b -> b.authenticator(basic).authorizer(rules).accessMode(AccessMode.EVERYTHING_NEEDS_LOGIN));
    upload("secret", "1.0", "Authorization", basicHeader("alice", "alice-pw"));

    HttpResponse<String> r = get("simple/secret/", "Authorization", basicHeader("bob", "bob-pw"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("user 'bob' is not allowed reading project 'secret'");
    assertThat(get("simple/", "Authorization", basicHeader("bob", "bob-pw")).body()).doesNotContain("secret");
    assertThat(get("simple/", "Authorization", basicHeader("alice", "alice-pw")).body()).contains("secret");
  }

  @Test
  void aLoginModeWithoutAnAuthenticatorIsAProgrammingError() {
    assertThatThrownBy(() -> MypiServlet.builder(index).accessMode(AccessMode.UPLOAD_NEEDS_LOGIN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upload-needs-login needs an authenticator");
    assertThatThrownBy(() -> MypiServlet.builder(index).realm("a\"b")).isInstanceOf(IllegalArgumentException.class);
  }
}
