package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.MypiServlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server speaks HTTPS with a key store ({@code --tls-keystore}), made here by the JDK's keytool. */
class TlsServerTest {
  private static final String PASSWORD = "changeit-test";

  @TempDir Path tmp;

  private Path keyStore() throws Exception {
    Path file = tmp.resolve("mypi.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    assumeThat(Files.isExecutable(keytool)).as("keytool in java.home").isTrue();
    Process p =
        new ProcessBuilder(
                List.of(keytool.toString(), "-genkeypair", "-alias", "mypi", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    return file;
  }

  private static HttpClient trusting(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  @Test
  void servesHttpsWithTheKeyStoreAndRefusesPlainHttp() throws Exception {
    Path keyStore = keyStore();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build();
        MypiServer server = MypiServer.builder(MypiServlet.builder(index).build()).port(0).requestLog(false).tls(keyStore, PASSWORD).build()) {
      server.start();

      assertThat(server.url().getScheme()).isEqualTo("https");
      HttpResponse<String> health =
          trusting(keyStore).send(HttpRequest.newBuilder(server.url().resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_1_1);

      URI plain = URI.create("http://127.0.0.1:" + server.url().getPort() + "/health");
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}
