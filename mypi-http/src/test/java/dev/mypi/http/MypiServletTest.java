package dev.mypi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface of {@link MypiServlet}, over real HTTP against an in-process server. */
class MypiServletTest {
  private static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
  @TempDir static Path tmp;
  static ProjectIndex index;
  static JettyHost server;
  static byte[] wheel;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build();
    server = JettyHost.start(MypiServlet.builder(index).build());
    wheel = wheel("Foo.Bar", "foo_bar", "1.0+cpu");
    byte[] body =
        ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nFoo.Bar\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0+cpu\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n" + sha256(wheel) + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"foo_bar-1.0+cpu-py3-none-any.whl\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(body);
    all.writeBytes(wheel);
    all.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.url()).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(all.toByteArray())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    index.close();
  }

  static byte[] wheel(String name, String dirName, String version) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      String distInfo = dirName + "-" + version + ".dist-info/";
      zip.putNextEntry(new ZipEntry(distInfo + "METADATA"));
      zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nRequires-Python: >=3.8,<4\n").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(distInfo + "WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(distInfo + "RECORD"));
    }
    return buf.toByteArray();
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> head(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void projectPageIsHtmlWithoutAcceptAndJsonForPip() throws Exception {
    HttpResponse<byte[]> html = get("simple/foo-bar/");
    assertThat(html.statusCode()).isEqualTo(200);
    // uv compares the part before ';' exactly; pip checks the prefix
    assertThat(html.headers().firstValue("Content-Type").orElseThrow().split(";")[0]).isEqualTo("text/html");
    assertThat(html.headers().firstValue("Content-Type").orElseThrow().toLowerCase()).contains("charset=utf-8");
    assertThat(html.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept"));
    assertThat(text(html)).contains("foo_bar-1.0+cpu-py3-none-any.whl").contains("data-requires-python=\"&gt;=3.8,&lt;4\"");

    HttpResponse<byte[]> json = get("simple/foo-bar/", "Accept", PIP_ACCEPT);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
    JsonNode page = new ObjectMapper().readTree(json.body());
    assertThat(page.get("name").asText()).isEqualTo("foo-bar");
    assertThat(page.get("versions").get(0).asText()).isEqualTo("1.0+cpu");
    JsonNode file = page.get("files").get(0);
    assertThat(file.get("hashes").get("sha256").asText()).isEqualTo(sha256(wheel));
    assertThat(file.get("size").asLong()).isEqualTo(wheel.length);
    assertThat(file.has("core-metadata")).isTrue();
    assertThat(file.has("dist-info-metadata")).isFalse();
    assertThat(json.headers().firstValue("ETag")).isNotEqualTo(html.headers().firstValue("ETag"));
  }

  @Test
  void nothingAcceptableIs406() throws Exception {
    assertThat(get("simple/foo-bar/", "Accept", "application/json").statusCode()).isEqualTo(406);
    assertThat(get("simple/", "Accept", "application/vnd.pypi.simple.v2+json").statusCode()).isEqualTo(406);
  }

  @Test
  void nonNormalisedAndSlashlessUrlsRedirectToTheNormalisedOne() throws Exception {
    HttpResponse<byte[]> r = get("simple/Foo.Bar/");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("/simple/foo-bar/");
    assertThat(get("simple/foo-bar").headers().firstValue("Location")).hasValue("/simple/foo-bar/");
    assertThat(get("simple").headers().firstValue("Location")).hasValue("/simple/");
  }

  @Test
  void unknownProjectIs404() throws Exception {
    assertThat(get("simple/nope/").statusCode()).isEqualTo(404);
    assertThat(get("files/nope/nope-1.0.tar.gz").statusCode()).isEqualTo(404);
  }

  @Test
  void pagesRevalidateWith304AndCompressWithGzip() throws Exception {
    HttpResponse<byte[]> first = get("simple/", "Accept", PIP_ACCEPT);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control")).isPresent();
    HttpResponse<byte[]> again = get("simple/", "Accept", PIP_ACCEPT, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<byte[]> gz = get("simple/foo-bar/", "Accept-Encoding", "gzip");
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gz.body()[0] & 0xff).isEqualTo(0x1f);
  }

  @Test
  void notModifiedAnswersCarryNoContentLengthNorContentType() throws Exception {
    // RFC 9110: a 304 carries a Content-Length only if it is the length a 200 would have (8.6), and
    // no representation headers (15.4.5); Jetty adds "Content-Length: 0" to a 304 completed unflushed.
    String[] paths = {
      "simple/", "simple/foo-bar/", "files/foo-bar/foo_bar-1.0%2Bcpu-py3-none-any.whl",
      "files/foo-bar/foo_bar-1.0%2Bcpu-py3-none-any.whl.metadata"
    };
    for (String path : paths) {
      HttpResponse<byte[]> first = get(path, "Accept", PIP_ACCEPT);
      String etag = first.headers().firstValue("ETag").orElseThrow();

      HttpResponse<byte[]> again = get(path, "Accept", PIP_ACCEPT, "If-None-Match", etag);

      assertThat(again.statusCode()).as(path).isEqualTo(304);
      assertThat(again.headers().firstValue("ETag")).as(path).hasValue(etag);
      assertThat(again.headers().firstValue("Cache-Control")).as(path).isEqualTo(first.headers().firstValue("Cache-Control"));
      assertThat(again.headers().firstValue("Content-Length")).as(path).isEmpty();
      assertThat(again.headers().firstValue("Content-Type")).as(path).isEmpty();
      assertThat(get(path).statusCode()).as(path + ": the connection is usable after it").isEqualTo(200);
    }
  }

  @Test
  void filesServeWholeRangesSuffixRangesAndHead() throws Exception {
    String path = "files/foo-bar/foo_bar-1.0%2Bcpu-py3-none-any.whl";
    HttpResponse<byte[]> whole = get(path);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(wheel);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    String etag = whole.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> part = get(path, "Range", "bytes=0-9");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + wheel.length);
    assertThat(part.body()).hasSize(10);

    HttpResponse<byte[]> suffix = get(path, "Range", "bytes=-22");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(wheel, wheel.length - 22, wheel.length));

    assertThat(get(path, "Range", "bytes=" + wheel.length + "-").statusCode()).isEqualTo(416);
    assertThat(get(path, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    assertThat(get(path, "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
    assertThat(get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);

    HttpResponse<byte[]> h = head(path);
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.headers().firstValueAsLong("Content-Length")).hasValue(wheel.length);
    assertThat(h.headers().firstValue("Accept-Ranges")).hasValue("bytes");
  }

  @Test
  void coreMetadataFileIsTheMetadataOfTheWheelWithTheAdvertisedHash() throws Exception {
    HttpResponse<byte[]> json = get("simple/foo-bar/", "Accept", PIP_ACCEPT);
    String advertised = new ObjectMapper().readTree(json.body()).get("files").get(0).get("core-metadata").get("sha256").asText();
    HttpResponse<byte[]> metadata = get("files/foo-bar/foo_bar-1.0%2Bcpu-py3-none-any.whl.metadata");
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(text(metadata)).startsWith("Metadata-Version: 2.1\nName: Foo.Bar\n");
    assertThat(sha256(metadata.body())).isEqualTo(advertised);
  }

  @Test
  void healthAnswers() throws Exception {
    HttpResponse<byte[]> r = get("health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).contains("UP");
  }

  @Test
  void anIdenticalReUploadAnswers200() throws Exception {
    // the upload in start() is repeated byte for byte by twine after a 5xx
    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.file("foo-bar", "foo_bar-1.0+cpu-py3-none-any.whl")).isPresent();
    assertThat(URI.create(server.url() + "simple/").getPath()).isEqualTo("/simple/");
  }
}
