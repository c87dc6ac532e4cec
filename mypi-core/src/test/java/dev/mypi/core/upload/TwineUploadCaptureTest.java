package dev.mypi.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures the body a real {@code twine upload} sends and parses it. Skipped when twine is not on
 * the PATH (CI installs it).
 */
class TwineUploadCaptureTest {
  @TempDir Path home;

  @Test
  void parsesAndAcceptsTheBodyRealTwineSends() throws Exception {
    Optional<Path> twine = onPath("twine");
    assumeTrue(twine.isPresent(), "twine is not installed");
    Optional<Path> wheel = smallestBundledWheel();
    assumeTrue(wheel.isPresent(), "no wheel found to upload");
    Path upload = Files.copy(wheel.get(), home.resolve(wheel.get().getFileName()));
    byte[] wheelBytes = Files.readAllBytes(upload);

    AtomicReference<byte[]> body = new AtomicReference<>();
    AtomicReference<String> contentType = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            body.set(in.readAllBytes());
          }
          contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      // given: twine pointed at the capturing server, with no keyring and an isolated HOME
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/legacy/";
      ProcessBuilder process =
          new ProcessBuilder(
                  twine.get().toString(), "upload", "--repository-url", url, "-u", "x", "-p", "x",
                  "--non-interactive", "--disable-progress-bar", upload.toString())
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("twine.log").toFile());
      process.environment().put("HOME", home.toString());
      process.environment().put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
      process.environment().remove("TWINE_REPOSITORY_URL");
      Process twineRun = process.start();
      // a guard against a hung child, not a timing assertion
      assertThat(twineRun.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(home.resolve("twine.log"), StandardCharsets.UTF_8);
      assertThat(twineRun.exitValue()).as(log).isZero();
    } finally {
      server.stop(0);
    }

    // when: the captured request is parsed and checked
    byte[][] received = {null};
    Upload parsed =
        UploadParser.create(UploadLimits.defaults())
            .parse(
                contentType.get(),
                new ByteArrayInputStream(body.get()),
                (filename, in) -> received[0] = in.readAllBytes());
    Upload checked = UploadRules.defaults().check(parsed);

    // then: the file arrived intact and the form carries twine's fields
    String filename = upload.getFileName().toString();
    String[] parts = filename.split("-");
    assertThat(received[0]).isEqualTo(wheelBytes);
    UploadedFile file = checked.content().orElseThrow();
    assertThat(file.filename()).isEqualTo(filename);
    assertThat(file.size()).isEqualTo(wheelBytes.length);
    // twine sends its digests before the file part, SHA-256 among them: only SHA-256 is computed
    assertThat(file.digests())
        .isEqualTo(new FileDigests(null, MultipartBody.digestsOf(wheelBytes).sha256(), null));
    assertThat(checked.action()).isEqualTo(UploadAction.FILE_UPLOAD);
    assertThat(checked.protocolVersion()).contains("1");
    assertThat(checked.filetype()).contains("bdist_wheel");
    assertThat(checked.pyversion()).contains("py3");
    assertThat(checked.name()).hasValueSatisfying(n -> assertThat(n).isEqualToIgnoringCase(parts[0]));
    assertThat(checked.version()).contains(parts[1]);
    assertThat(checked.sha256Digest()).contains(file.digests().sha256());
    assertThat(checked.metadataVersion()).isPresent();
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<Path> smallestBundledWheel() throws IOException {
    for (Path dir : new Path[] {Path.of("/usr/share/python-wheels")}) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          Optional<Path> wheel =
              files
                  .filter(f -> f.getFileName().toString().endsWith("-py3-none-any.whl"))
                  .min(Comparator.comparingLong(TwineUploadCaptureTest::sizeOf));
          if (wheel.isPresent()) {
            return wheel;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}
