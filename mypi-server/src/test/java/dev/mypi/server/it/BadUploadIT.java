package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad uploads get a 4xx whose body is a one-line reason, and leave no file and no page entry.
 * Sent over real HTTP to a running server.
 */
class BadUploadIT {
  @TempDir static Path tmp;
  static RunningIndex mypi;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    mypi =
        RunningIndex.start(
            tmp.resolve("packages"),
            b -> b.uploadLimits(dev.mypi.core.upload.UploadLimits.defaults().toBuilder().maxFileSize(64 * 1024).build()));
  }

  @AfterAll
  static void stop() throws IOException {
    mypi.close();
  }

  @AfterEach
  void nothingWasStoredOrListed() throws Exception {
    if (!Files.exists(mypi.root)) {
      return; // the store creates its directory on the first write: nothing was written
    }
    try (Stream<Path> files = Files.walk(mypi.root)) {
      List<Path> stored =
          files.filter(Files::isRegularFile)
              .filter(p -> !mypi.root.relativize(p).toString().startsWith("_mypi/"))
              .filter(p -> !mypi.root.relativize(p).toString().startsWith(".mypi-tmp/"))
              .toList();
      assertThat(stored).as("files stored").isEmpty();
    }
    HttpResponse<String> root = http.send(HttpRequest.newBuilder(mypi.url().resolve("simple/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(root.body()).doesNotContain("<a ");
    assertThat(mypi.index.serial()).isZero();
  }

  private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(mypi.url().resolve("legacy/"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Multipart form) throws Exception {
    return post(Multipart.contentType(), form.build());
  }

  private static void assertOneLine4xx(HttpResponse<String> r, int status, String fragment) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body().strip()).doesNotContain("\n").containsIgnoringCase(fragment);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  private static byte[] wheel(String name, String version, boolean withMetadata) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      String distInfo = name + "-" + version + ".dist-info/";
      if (withMetadata) {
        zip.putNextEntry(new ZipEntry(distInfo + "METADATA"));
        zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
      }
      zip.putNextEntry(new ZipEntry(distInfo + "WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(distInfo + "RECORD"));
    }
    return buf.toByteArray();
  }

  @Test
  void malformedMultipartIsRejected() throws Exception {
    assertOneLine4xx(post(Multipart.contentType(), "--nope\r\ngarbage".getBytes(StandardCharsets.UTF_8)), 400, "");
  }

  @Test
  void aBodyThatIsNotMultipartIsRejected() throws Exception {
    assertOneLine4xx(post("application/json", "{}".getBytes(StandardCharsets.UTF_8)), 400, "multipart");
  }

  @Test
  void anUploadWithoutAContentPartIsRejected() throws Exception {
    Multipart form =
        new Multipart().field("name", "foo").field("version", "1.0").field("filetype", "bdist_wheel").field("pyversion", "py3")
            .field("sha256_digest", "0".repeat(64)).field(":action", "file_upload").field("protocol_version", "1");
    assertOneLine4xx(post(form), 400, "does not have a file");
  }

  @Test
  void aDigestMismatchIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    Multipart form =
        new Multipart().field("name", "foo").field("version", "1.0").field("filetype", "bdist_wheel").field("pyversion", "py3")
            .field("sha256_digest", "ab".repeat(32)).field(":action", "file_upload").field("protocol_version", "1")
            .file("content", "foo-1.0-py3-none-any.whl", content);
    assertOneLine4xx(post(form), 400, "digest");
  }

  @Test
  void aMismatchingSha256IsRejectedEvenWhenTheWeakerDigestsMatch() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    Multipart form =
        new Multipart().field("name", "foo").field("version", "1.0").field("filetype", "bdist_wheel").field("pyversion", "py3")
            .field("md5_digest", hex("MD5", content)).field("sha256_digest", "ab".repeat(32))
            .field(":action", "file_upload").field("protocol_version", "1")
            .file("content", "foo-1.0-py3-none-any.whl", content);
    assertOneLine4xx(post(form), 400, "digest");
  }

  @Test
  void aMismatchingMd5IsRejectedWhenTheServerVerifiesEveryDigest() throws Exception {
    // by default only the strongest digest sent (here the matching SHA-256) is checked;
    // IndexBuilder.verifyAllDigests (--verify-all-digests) checks the MD5 too, as PyPI does
    byte[] content = wheel("foo", "1.0", true);
    Multipart form =
        new Multipart().field("name", "foo").field("version", "1.0").field("filetype", "bdist_wheel").field("pyversion", "py3")
            .field("md5_digest", "0".repeat(32)).field("sha256_digest", hex("SHA-256", content))
            .field(":action", "file_upload").field("protocol_version", "1")
            .file("content", "foo-1.0-py3-none-any.whl", content);
    try (RunningIndex strict = RunningIndex.start(tmp.resolve("strict"), b -> b.verifyAllDigests(true))) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(strict.uploadUrl()))
                  .header("Content-Type", Multipart.contentType())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertOneLine4xx(r, 400, "digest");
      assertThat(strict.index.serial()).isZero();
    }
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(data));
  }

  @Test
  void aFilenameForAnotherProjectIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    assertOneLine4xx(post(Multipart.twineForm("bar", "1.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "foo-1.0-py3-none-any.whl");
  }

  @Test
  void aFilenameForAnotherVersionIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    assertOneLine4xx(post(Multipart.twineForm("foo", "2.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "version");
  }

  @Test
  void anInvalidVersionIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0-SNAPSHOT", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "1.0-SNAPSHOT");
  }

  @Test
  void pathTraversalInTheFilenameIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0", "bdist_wheel", "py3", "../../foo-1.0-py3-none-any.whl", content)), 400, "");
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0", "bdist_wheel", "py3", "..\\foo-1.0-py3-none-any.whl", content)), 400, "");
  }

  @Test
  void pathTraversalInTheProjectNameIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", true);
    assertOneLine4xx(post(Multipart.twineForm("../../etc", "1.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "../../etc");
  }

  @Test
  void anUploadOverTheSizeLimitIsRejectedWith413() throws Exception {
    byte[] content = new byte[200 * 1024];
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 413, "maxFileSize");
  }

  @Test
  void aWheelThatIsNoZipIsRejected() throws Exception {
    byte[] content = "this is not a zip archive at all".getBytes(StandardCharsets.UTF_8);
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "zip");
  }

  @Test
  void aWheelWithoutMetadataIsRejected() throws Exception {
    byte[] content = wheel("foo", "1.0", false);
    assertOneLine4xx(post(Multipart.twineForm("foo", "1.0", "bdist_wheel", "py3", "foo-1.0-py3-none-any.whl", content)), 400, "METADATA");
  }

  @Test
  void postToTheSimpleIndexIsNotAllowed() throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(mypi.url().resolve("simple/foo/")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void uploadsAreNeverRedirected() throws Exception {
    HttpResponse<String> r = post(Multipart.contentType(), new Multipart().build());
    assertThat(r.statusCode()).isBetween(400, 499);
    HttpResponse<String> noSlash =
        http.send(
            HttpRequest.newBuilder(URI.create(mypi.url() + "legacy")).header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().build())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noSlash.statusCode()).isBetween(400, 499);
  }
}
