package dev.mypi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.FileExistsException;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.simple.ProjectStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's lifecycle, URLs, scenario API and recording, seen over HTTP. */
class MockIndexServerTest {
  private static final String JSON = "Accept: application/vnd.pypi.simple.v1+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;
  private MockIndexServer server;

  @BeforeEach
  void start() throws IOException {
    server = MockIndexServer.create().start();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  private JsonNode page(String project) throws IOException {
    Http.Response r = Http.get(server.projectUrl(project), JSON);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return MAPPER.readTree(r.body());
  }

  // ---- lifecycle and URLs ----------------------------------------------------------------------

  @Test
  void bindsLoopbackOnAFreePortAndHandsOutUrls() {
    URI url = server.url();

    assertThat(url.getScheme()).isEqualTo("http");
    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url.getPort()).isPositive();
    assertThat(url.getPath()).isEqualTo("/");
    assertThat(server.simpleUrl()).isEqualTo(url.resolve("simple/"));
    assertThat(server.uploadUrl()).isEqualTo(url.resolve("legacy/"));
    assertThat(server.projectUrl("My_Project")).isEqualTo(url.resolve("simple/my-project/"));
    assertThat(server.fileUrl("foo", "foo-1.0+cpu-py3-none-any.whl")).isEqualTo(url.resolve("files/foo/foo-1.0%2Bcpu-py3-none-any.whl"));
    assertThat(server.url("/health")).isEqualTo(url.resolve("health"));
  }

  @Test
  void urlsFailClearlyBeforeStartAndCloseIsIdempotent() throws IOException {
    MockIndexServer notStarted = MockIndexServer.create();
    assertThatThrownBy(notStarted::url).isInstanceOf(IllegalStateException.class).hasMessageContaining("call start() first");
    notStarted.close();
    notStarted.close();
    assertThatThrownBy(notStarted::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

    int port = server.url().getPort();
    server.close();
    server.close();
    try (ServerSocket again = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void servesTheFullHttpSurface() throws IOException {
    Distribution wheel = WheelBuilder.of("foo", "1.0").build();
    server.publish(wheel);

    assertThat(Http.get(server.simpleUrl(), JSON).text()).contains("\"foo\"");
    assertThat(Http.get(server.url("simple/Foo/")).status()).isEqualTo(301);
    Http.Response file = Http.get(server.fileUrl("foo", wheel.filename()));
    assertThat(file.body()).isEqualTo(wheel.content());
    Http.Response range = Http.get(server.fileUrl("foo", wheel.filename()), "Range: bytes=0-1");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.text()).isEqualTo("PK");
    assertThat(Http.get(server.url("files/foo/" + wheel.filename() + ".metadata")).text()).contains("Name: foo");
    assertThat(Http.get(server.url("health")).text()).contains("\"UP\"");
  }

  // ---- scenario -------------------------------------------------------------------------------

  @Test
  void publishedFilesAreVisibleAtOnceWithTheirHashAndSize() throws IOException {
    Distribution wheel = WheelBuilder.of("Foo.Bar", "1.0").requiresPython(">=3.8").build();
    Distribution sdist = SdistBuilder.of("Foo.Bar", "1.0").build();

    IndexedFile indexed = server.publish(wheel);
    server.publish(sdist);

    assertThat(indexed.sha256()).isEqualTo(wheel.sha256());
    JsonNode page = page("foo-bar");
    assertThat(page.get("name").asText()).isEqualTo("foo-bar");
    assertThat(page.get("files")).hasSize(2);
    JsonNode w = page.get("files").get(wheel.filename().equals(page.get("files").get(0).get("filename").asText()) ? 0 : 1);
    assertThat(w.get("hashes").get("sha256").asText()).isEqualTo(wheel.sha256());
    assertThat(w.get("size").asLong()).isEqualTo(wheel.size());
    assertThat(w.get("requires-python").asText()).isEqualTo(">=3.8");
  }

  @Test
  void publishingOtherBytesUnderAnExistingFilenameIsRefused() throws IOException {
    server.publish(WheelBuilder.of("foo", "1.0").build());
    server.publish(WheelBuilder.of("foo", "1.0").build()); // same bytes: nothing changes

    assertThatThrownBy(() -> server.publish(WheelBuilder.of("foo", "1.0").summary("other").build()))
        .isInstanceOf(FileExistsException.class);
  }

  @Test
  void yankWithReasonAndUnyankShowOnThePage() throws IOException {
    server.publish(WheelBuilder.of("foo", "1.0").build());

    server.yank("foo", "1.0", "broken build");
    assertThat(page("foo").get("files").get(0).get("yanked").asText()).isEqualTo("broken build");

    server.unyank("foo", "1.0");
    assertThat(page("foo").get("files").get(0).get("yanked").asBoolean()).isFalse();
  }

  @Test
  void deleteRemovesAFileAndTheLastFileTheProject() throws IOException {
    Distribution one = WheelBuilder.of("foo", "1.0").build();
    Distribution two = WheelBuilder.of("foo", "2.0").build();
    server.publish(one);
    server.publish(two);

    server.delete("foo", one.filename());
    assertThat(page("foo").get("files")).hasSize(1);
    assertThat(Http.get(server.fileUrl("foo", one.filename())).status()).isEqualTo(404);

    server.delete("foo", two.filename());
    assertThat(Http.get(server.projectUrl("foo"), JSON).status()).isEqualTo(404);
  }

  @Test
  void uploadTimeCanBeSetPerFileOrForTheWholeServer() throws IOException {
    Instant past = Instant.parse("2021-03-04T05:06:07Z");
    Instant later = Instant.parse("2022-01-01T00:00:00Z");

    server.publish(WheelBuilder.of("foo", "1.0").build(), past);
    server.setTime(later);
    server.publish(WheelBuilder.of("foo", "2.0").build());
    server.useSystemTime();
    IndexedFile now = server.publish(WheelBuilder.of("foo", "3.0").build());

    JsonNode files = page("foo").get("files");
    assertThat(files.get(0).get("upload-time").asText()).startsWith("2021-03-04T05:06:07");
    assertThat(files.get(1).get("upload-time").asText()).startsWith("2022-01-01T00:00:00");
    assertThat(now.uploadTime()).isAfter(later);
  }

  @Test
  void projectStatusIsShownAndQuarantineHidesTheFiles() throws IOException {
    Distribution wheel = WheelBuilder.of("foo", "1.0").build();
    server.publish(wheel);

    server.setStatus("Foo", ProjectStatus.ARCHIVED, "moved to bar");
    JsonNode archived = page("foo");
    assertThat(archived.get("project-status").get("status").asText()).isEqualTo("archived");
    assertThat(archived.get("project-status").get("reason").asText()).isEqualTo("moved to bar");
    UploadBody next = WheelBuilder.of("foo", "2.0").build().uploadBody();
    Http.Response refused = Http.post(server.uploadUrl(), next.contentType(), next.bytes());
    assertThat(refused.status()).isBetween(400, 499);
    assertThat(refused.text()).contains("archived");

    server.setStatus("foo", ProjectStatus.QUARANTINED);
    assertThat(page("foo").get("files")).isEmpty();
    assertThat(Http.get(server.fileUrl("foo", wheel.filename())).status()).isEqualTo(404);
  }

  @Test
  void aFolderOfRealDistributionsIsPublished() throws IOException {
    Path folder = tmp.resolve("packages");
    WheelBuilder.of("foo", "1.0").writeTo(folder);
    SdistBuilder.of("foo", "1.0").writeTo(folder);
    SdistBuilder.of("bar", "0.1").zip().writeTo(folder.resolve("sub"));
    Files.writeString(folder.resolve("README.txt"), "not a distribution");

    assertThat(server.publishFolder(folder)).hasSize(3);

    assertThat(page("foo").get("files")).hasSize(2);
    assertThat(page("bar").get("files").get(0).get("filename").asText()).isEqualTo("bar-0.1.zip");
  }

  // ---- recording ------------------------------------------------------------------------------

  @Test
  void everyRequestIsRecordedWithMethodPathQueryHeadersAndStatus() throws Exception {
    Instant before = Instant.now();
    Http.get(server.url("simple/?page=1&q=a%20b"), "X-Test: one", "User-Agent: pip/23.2");
    Http.get(server.url("simple/nothing/"));

    RecordedRequest first = server.takeRequest();
    assertThat(first.sequenceNumber()).isZero();
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/simple/");
    assertThat(first.query()).contains("page=1&q=a%20b");
    assertThat(first.header("x-test")).contains("one");
    assertThat(first.header("USER-AGENT")).contains("pip/23.2");
    assertThat(first.headers().get("host")).hasSize(1);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.bodySize()).isZero();
    assertThat(first.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(first.faulted()).isFalse();
    assertThat(first.upload()).isEmpty();
    RecordedRequest second = server.takeRequest();
    assertThat(second.path()).isEqualTo("/simple/nothing/");
    assertThat(second.status()).isEqualTo(404);
    assertThat(second.toString()).isEqualTo("GET /simple/nothing/ -> 404");

    assertThat(server.takeRequest(Duration.ofMillis(50))).isEmpty();
    assertThat(server.requests()).containsExactly(first, second);
    assertThat(server.requestCount()).isEqualTo(2);
    server.clearRequests();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void uploadsAreRecordedWithTheirFormFileAndMetadataAcceptedOrNot() throws Exception {
    Distribution wheel = WheelBuilder.of("foo", "1.0").requires("bar>=1").extra("fast", "speedup").build();
    UploadBody body = wheel.uploadBody();

    Http.Response ok = Http.post(server.uploadUrl(), body.contentType(), body.bytes());
    Distribution conflicting = WheelBuilder.of("foo", "1.0").summary("other bytes").build();
    Http.Response conflict = Http.post(server.uploadUrl(), conflicting.uploadBody().contentType(), conflicting.uploadBody().bytes());

    assertThat(ok.status()).isEqualTo(200);
    assertThat(conflict.status()).isEqualTo(409);
    RecordedRequest post = server.takeRequest();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.bodySize()).isEqualTo(body.length());
    RecordedUpload upload = post.upload().orElseThrow();
    assertThat(upload.accepted()).isTrue();
    assertThat(upload.filename()).isEqualTo("foo-1.0-py3-none-any.whl");
    assertThat(upload.content()).isEqualTo(wheel.content());
    assertThat(upload.sha256()).isEqualTo(wheel.sha256());
    assertThat(upload.form().name()).contains("foo");
    assertThat(upload.form().requiresDist()).containsExactly("bar>=1", "speedup; extra == \"fast\"");
    assertThat(upload.metadata().orElseThrow().providesExtra()).containsExactly("fast");
    assertThat(server.uploads()).hasSize(2);
    assertThat(server.uploads().get(1).status()).isEqualTo(409);
    assertThat(server.uploads().get(1).accepted()).isFalse();
  }

  @Test
  void scenarioChangesAreNotRecordedAsRequests() throws IOException {
    server.publish(WheelBuilder.of("foo", "1.0").build());
    server.yank("foo", "1.0", "");

    assertThat(server.requests()).isEmpty();
    assertThat(server.uploads()).isEmpty();
  }
}
