package dev.mypi.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * htpasswd files as Apache's {@code htpasswd} writes them: checked-in lines generated once, and
 * lines generated now by the real tool when it is installed ({@code apt-get install apache2-utils}).
 */
class HtpasswdFileTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");

  private Path fixture() throws IOException {
    Path file = dir.resolve("htpasswd");
    try (InputStream in = HtpasswdFileTest.class.getResourceAsStream("htpasswd")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void verifiesBcryptApr1AndShaLinesWrittenByHtpasswd() throws IOException {
    HtpasswdFile users = HtpasswdFile.open(fixture(), clock);

    assertThat(users.verify("alice", "correct horse")).isTrue();
    assertThat(users.verify("bob", "s3cret:with colon")).isTrue();
    assertThat(users.verify("carol", "pässwörd")).isTrue();
    assertThat(users.verify("dave", "short")).isTrue();
    assertThat(users.size()).isEqualTo(4);
  }

  @Test
  void rejectsWrongPasswordsAndUnknownUsers() throws IOException {
    HtpasswdFile users = HtpasswdFile.open(fixture(), clock);

    assertThat(users.verify("alice", "correct horse ")).isFalse();
    assertThat(users.verify("alice", "")).isFalse();
    assertThat(users.verify("bob", "s3cret")).isFalse();
    assertThat(users.verify("carol", "passwort")).isFalse();
    assertThat(users.verify("mallory", "correct horse")).isFalse();
    assertThat(users.verify("Alice", "correct horse")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$2a$", "$2b$", "$2y$"})
  void acceptsEveryBcryptVersionPrefix(String prefix) {
    String hash = "$2y$05$ZJ2p74AS32rMep/yFoVH0OSJpmGu..OpO4BRB0XifETWic7pT0Fi6".replace("$2y$", prefix);

    assertThat(HtpasswdFile.matches(hash, "correct horse")).isTrue();
    assertThat(HtpasswdFile.matches(hash, "wrong")).isFalse();
  }

  @Test
  void malformedHashesMatchNothing() {
    assertThat(HtpasswdFile.matches("$2y$05$tooshort", "x")).isFalse();
    assertThat(HtpasswdFile.matches("{SHA}not base64!", "x")).isFalse();
    assertThat(HtpasswdFile.matches("$apr1$", "x")).isFalse();
  }

  @Test
  void skipsPlainTextAndCryptLinesAndKeepsTheFirstOfDuplicateUsers() throws IOException {
    Path file = dir.resolve("htpasswd");
    Files.writeString(
        file,
        "# comment\n\nplain:secret\ncrypt:rOEh2Yx1bGl0E\nerin:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\nerin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nnocolon\n");

    HtpasswdFile users = HtpasswdFile.open(file, clock);

    assertThat(users.contains("plain")).isFalse();
    assertThat(users.verify("plain", "secret")).isFalse();
    assertThat(users.contains("crypt")).isFalse();
    assertThat(users.verify("erin", "test")).isTrue(); // first line: sha1("test")
    assertThat(users.verify("erin", "password")).isFalse();
    assertThat(users.size()).isEqualTo(1);
  }

  @Test
  void readsTheFileAgainWhenItChangesButAtMostOncePerSecond() throws IOException {
    Path file = fixture();
    HtpasswdFile users = HtpasswdFile.open(file, clock);
    Files.writeString(file, "frank:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n"); // sha1("test")
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));

    assertThat(users.verify("frank", "test")).as("within the second: not checked yet").isFalse();
    clock.advance(Duration.ofMillis(1000));

    assertThat(users.verify("frank", "test")).isTrue();
    assertThat(users.contains("alice")).isFalse();
  }

  @Test
  void keepsTheLastGoodUsersWhenTheFileDisappears() throws IOException {
    Path file = fixture();
    HtpasswdFile users = HtpasswdFile.open(file, clock);
    long generation = users.generation();
    Files.delete(file);
    clock.advance(Duration.ofSeconds(2));

    assertThat(users.verify("alice", "correct horse")).isTrue();
    assertThat(users.generation()).isEqualTo(generation);
  }

  @Test
  void aLongPasswordIsCutAt72BytesAsBcryptDoes() throws Exception {
    String password = "x".repeat(72);
    String line = htpasswd("-nbB", "long", password);
    assumeThat(line).as("htpasswd installed").isNotNull();
    String hash = line.substring(line.indexOf(':') + 1);

    assertThat(HtpasswdFile.matches(hash, password)).isTrue();
    assertThat(HtpasswdFile.matches(hash, password + "ignored")).isTrue();
    assertThat(HtpasswdFile.matches(hash, "x".repeat(71))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-nbB", "-nbm", "-nbs"})
  void verifiesLinesTheInstalledHtpasswdWritesNow(String option) throws Exception {
    String line = htpasswd(option, "grace", "Tr0ub4dor&3 ünïcode");
    assumeThat(line).as("htpasswd installed (apt-get install apache2-utils)").isNotNull();
    Path file = dir.resolve("generated");
    Files.writeString(file, line + "\n");

    HtpasswdFile users = HtpasswdFile.open(file, clock);

    assertThat(users.verify("grace", "Tr0ub4dor&3 ünïcode")).isTrue();
    assertThat(users.verify("grace", "Tr0ub4dor&3 unicode")).isFalse();
  }

  /** Runs {@code htpasswd option user password}; returns its line, or null when it is not installed. */
  private static String htpasswd(String option, String user, String password) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(List.of("htpasswd", option, user, password)).redirectErrorStream(false).start();
    } catch (IOException notInstalled) {
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    return out.strip();
  }
}
