package dev.mypi.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.server.examples.ContainerLoginExample.ApiKeyFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example with the application's own login: a plain servlet filter sets the user,
 * mypi reads {@code getUserPrincipal()}, owners and 401/403 follow. docs/security.md shows it verbatim.
 */
class ContainerLoginExampleTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;
  private ProjectIndex index;
  private Server server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build();
    server =
        ContainerLoginExample.newServer(
            index,
            new InetSocketAddress("127.0.0.1", 0),
            Map.of(ApiKeyFilter.sha256("alice-key"), "alice", ApiKeyFilter.sha256("bob-key"), "bob"));
    server.start();
    base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/pypi/");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    index.close();
  }

  private HttpResponse<String> upload(String project, String version, String apiKey) throws Exception {
    byte[] wheel = wheel(project, version);
    String filename = project + "-" + version + "-py3-none-any.whl";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + project + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel)) + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename + "\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(wheel);
    body.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder r =
        HttpRequest.newBuilder(base.resolve("legacy/"))
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (apiKey != null) {
      r.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] wheel(String name, String version) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      String distInfo = name + "-" + version + ".dist-info/";
      zip.putNextEntry(new ZipEntry(distInfo + "METADATA"));
      zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(distInfo + "WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
    }
    return buf.toByteArray();
  }

  @Test
  void theUserTheFilterLoggedInUploadsAndOwnsTheProject() throws Exception {
    HttpResponse<String> r = upload("demo", "1.0", "alice-key");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(index.owners("demo")).containsExactly("alice");
  }

  @Test
  void withoutTheApplicationsLoginAnUploadIs401AndReadsStayOpen() throws Exception {
    assertThat(upload("demo", "1.0", null).statusCode()).isEqualTo(401);
    assertThat(upload("demo", "1.0", "wrong-key").statusCode()).isEqualTo(401);

    HttpResponse<String> simple = http.send(HttpRequest.newBuilder(base.resolve("simple/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(simple.statusCode()).isEqualTo(200);
  }

  @Test
  void anotherUserOfTheApplicationCannotTakeTheProjectOver() throws Exception {
    upload("demo", "1.0", "alice-key");

    HttpResponse<String> r = upload("demo", "2.0", "bob-key");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("belongs to other users");
  }

  @Test
  void securityDocShowsTheExampleVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/mypi/server/examples/ContainerLoginExample.java")).replace("\r\n", "\n");
    String doc = Files.readString(Path.of("../docs/security.md")).replace("\r\n", "\n");

    assertThat(doc).contains("```java\n" + source.substring(source.indexOf("import ")) + "```\n");
  }
}
