package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.BasicAuthenticator;
import dev.mypi.http.auth.TokenStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests over raw sockets against the real server: stalled requests (slowloris),
 * conflicting framing, huge and endless headers, an unauthenticated upload. Each ends in a 4xx or
 * a closed connection, never a 500, and nothing is stored. The idle timeout is one second here.
 */
@Timeout(120)
class HostileHttpIT {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  /** How long the client waits for an answer: far longer than the idle timeout, so no test races it. */
  private static final int CLIENT_READ_TIMEOUT_MILLIS = 30_000;

  @TempDir static Path tmp;
  static RunningIndex open;
  static RunningIndex guarded;

  @BeforeAll
  static void start() throws IOException {
    open = RunningIndex.start(tmp.resolve("open"), store -> b -> b, b -> b.idleTimeout(IDLE_TIMEOUT));
    guarded =
        RunningIndex.start(
            tmp.resolve("guarded"),
            store -> b -> b.authenticator(BasicAuthenticator.builder().tokens(TokenStore.create(store)).build())
                .accessMode(AccessMode.UPLOAD_NEEDS_LOGIN),
            b -> b.idleTimeout(IDLE_TIMEOUT));
  }

  @AfterAll
  static void stop() throws IOException {
    open.close();
    guarded.close();
  }

  @AfterEach
  void nothingWasStoredAndTheServerStillAnswers() throws Exception {
    for (RunningIndex mypi : List.of(open, guarded)) {
      assertThat(mypi.index.serial()).isZero();
      if (Files.exists(mypi.root)) {
        try (Stream<Path> files = Files.walk(mypi.root)) {
          assertThat(files.filter(Files::isRegularFile).map(p -> mypi.root.relativize(p).toString()))
              .allMatch(p -> p.startsWith("_mypi/") || p.startsWith(".mypi-tmp/"));
        }
      }
      Answer health = exchange(mypi.url(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(health.status()).isEqualTo(200);
    }
  }

  /** What the server sent before it closed the connection (or the client gave up reading). */
  record Answer(String text, boolean closed) {
    int status() {
      if (!text.startsWith("HTTP/1.1 ")) {
        return -1; // closed without an answer
      }
      return Integer.parseInt(text.substring(9, 12));
    }
  }

  private static Answer exchange(URI url, String request) throws IOException {
    return exchange(url, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code request}, then reads until the server closes the connection. */
  private static Answer exchange(URI url, byte[] request) throws IOException {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(CLIENT_READ_TIMEOUT_MILLIS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (SocketException e) {
        // the server answered and closed before it took everything: read what it said
      }
      return readUntilClosed(socket);
    }
  }

  private static Answer readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        received.write(buf, 0, n);
      }
      return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
    } catch (SocketException reset) {
      return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
    } catch (SocketTimeoutException stillOpen) {
      return new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
    }
  }

  private static void assertRefused(Answer a) {
    assertThat(a.closed()).as("connection closed: %s", a.text()).isTrue();
    if (a.status() != -1) {
      assertThat(a.status()).as(a.text()).isBetween(400, 499);
    }
  }

  @Test
  void aRequestWhoseHeadersStallIsCutOffByTheIdleTimeout() throws Exception {
    Answer a = exchange(open.url(), "GET /simple/ HTTP/1.1\r\nHost: x\r\nX-Slow: ");

    assertRefused(a);
  }

  @Test
  void anUploadWhoseBodyStallsIsCutOffAndStoresNothing() throws Exception {
    String head =
        "POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n--b\r\n"
            + "Content-Disposition: form-data; name=\"content\"; filename=\"foo-1.0-py3-none-any.whl\"\r\n\r\nPK";

    Answer a = exchange(open.url(), head);

    assertRefused(a);
  }

  @Test
  void contentLengthTogetherWithChunkedTransferEncodingIsRefused() throws Exception {
    String request =
        "POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\n--b-\r\n0\r\n\r\n";

    Answer a = exchange(open.url(), request);

    assertRefused(a);
    assertThat(a.status()).isEqualTo(400);
  }

  @Test
  void twoDifferentContentLengthsAreRefused() throws Exception {
    String request = "POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd";

    Answer a = exchange(open.url(), request);

    assertRefused(a);
    assertThat(a.status()).isEqualTo(400);
  }

  @Test
  void aTransferEncodingOtherThanChunkedIsRefused() throws Exception {
    String request = "POST /legacy/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, identity\r\n\r\nabcd";

    Answer a = exchange(open.url(), request);

    assertRefused(a);
  }

  @Test
  void aHugeHeaderIsAnswered431() throws Exception {
    String request = "GET /simple/ HTTP/1.1\r\nHost: x\r\nX-Huge: " + "a".repeat(64 * 1024) + "\r\n\r\n";

    Answer a = exchange(open.url(), request);

    assertRefused(a);
    assertThat(a.status()).isIn(400, 431);
  }

  @Test
  void anEndlessStreamOfHeadersIsCutOff() throws Exception {
    try (Socket socket = new Socket(open.url().getHost(), open.url().getPort())) {
      socket.setSoTimeout(CLIENT_READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write("GET /simple/ HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
      byte[] line = "X-More: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.ISO_8859_1);
      long sent = 0;
      try {
        while (sent < (16L << 20)) { // at most 16 MiB: the server must stop us long before
          out.write(line);
          sent += line.length;
        }
      } catch (SocketException refused) {
        // the server closed the connection
      }

      Answer a = readUntilClosed(socket);

      assertRefused(a);
      assertThat(sent).isLessThan(16L << 20);
    }
  }

  @Test
  void anUnauthenticatedUploadIsRefusedBeforeItsBodyIsStored() throws Exception {
    byte[] wheel = new byte[256 * 1024];
    String head =
        "POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nConnection: close\r\n"
            + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("__token__:mypi-forged".getBytes(StandardCharsets.UTF_8)) + "\r\n"
            + "Content-Length: " + (wheel.length + 200) + "\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(wheel);
    request.writeBytes(new byte[200]);

    Answer a = exchange(guarded.url(), request.toByteArray());

    assertThat(a.status()).as(a.text()).isEqualTo(401);
    assertThat(a.text()).contains("WWW-Authenticate: Basic realm=\"mypi\"");
  }
}
