package dev.mypi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of injected fault, observed by a raw HTTP client, and how faults are matched and counted. */
class FaultInjectionTest {
  private static final String JSON = "Accept: application/vnd.pypi.simple.v1+json";

  private MockIndexServer server;
  private Distribution wheel;

  @BeforeEach
  void start() throws IOException {
    server = MockIndexServer.create().start();
    // a wheel of about 64 KiB (incompressible), so that bodies span several writes
    byte[] noise = new byte[64 * 1024];
    new java.util.Random(42).nextBytes(noise);
    wheel = WheelBuilder.of("foo", "1.0").file("foo/noise.bin", noise).build();
    server.publish(wheel);
    server.publish(WheelBuilder.of("other", "1.0").build());
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  private Http.Response getFile(String... headers) throws IOException {
    return Http.get(server.fileUrl("foo", wheel.filename()), headers);
  }

  // ---- status codes ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {404, 429, 500, 503})
  void answersWithTheInjectedStatusInsteadOfTheIndex(int status) throws Exception {
    server.faults().on("/simple/foo/").status(status);

    Http.Response r = Http.get(server.projectUrl("foo"), JSON);

    assertThat(r.status()).isEqualTo(status);
    assertThat(r.text()).isEqualTo("Injected fault: " + status + "\n");
    assertThat(r.header("retry-after")).isNull();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.status()).isEqualTo(status);
    assertThat(recorded.faulted()).isTrue();
  }

  @Test
  void retryAfterIsSentInWholeSecondsAndTimesLimitsTheFault() throws Exception {
    Fault fault = server.faults().on("/simple/foo/").status(503).retryAfter(Duration.ofMillis(1500)).times(2);

    Http.Response first = Http.get(server.projectUrl("foo"), JSON);
    Http.Response second = Http.get(server.projectUrl("foo"), JSON);
    Http.Response third = Http.get(server.projectUrl("foo"), JSON);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.header("retry-after")).isEqualTo("2");
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
    assertThat(fault.hits()).isEqualTo(2);
    assertThat(server.requests()).extracting(RecordedRequest::faulted).containsExactly(true, true, false);
  }

  @Test
  void statusFaultOnAnUploadDrainsTheBodyAndStoresNothing() throws Exception {
    server.faults().on("/legacy/").method("POST").status(500);
    UploadBody body = WheelBuilder.of("new", "1.0").build().uploadBody();

    Http.Response r = Http.post(server.uploadUrl(), body.contentType(), body.bytes());

    assertThat(r.status()).isEqualTo(500);
    assertThat(server.index().project("new")).isEmpty();
    assertThat(server.takeRequest().bodySize()).isEqualTo(body.length());
  }

  // ---- matching -------------------------------------------------------------------------------

  @Test
  void projectFaultsMatchThePageAndFilesOfThatProjectInAnySpelling() throws Exception {
    server.faults().onProject("FOO").status(404);

    assertThat(Http.get(server.projectUrl("foo"), JSON).status()).isEqualTo(404);
    assertThat(getFile().status()).isEqualTo(404);
    assertThat(Http.get(server.projectUrl("other"), JSON).status()).isEqualTo(200);
    assertThat(Http.get(server.simpleUrl(), JSON).status()).isEqualTo(200);
  }

  @Test
  void globsRegexesAndMethodsSelectRequestsAndTheFirstActiveFaultWins() throws Exception {
    Fault wheels = server.faults().on("/files/*/*.whl").status(500).times(1);
    Fault anyFile = server.faults().on(Pattern.compile("/files/.+")).status(429);
    Fault onlyHead = server.faults().on("/simple/**").method("HEAD").status(503);

    assertThat(getFile().status()).isEqualTo(500);
    assertThat(getFile().status()).isEqualTo(429);
    assertThat(Http.get(server.projectUrl("foo"), JSON).status()).isEqualTo(200);
    assertThat(Http.send("HEAD", server.projectUrl("foo"), null, null, JSON).status()).isEqualTo(503);
    assertThat(wheels.hits()).isEqualTo(1);
    assertThat(anyFile.hits()).isEqualTo(1);
    assertThat(onlyHead.hits()).isEqualTo(1);

    anyFile.cancel();
    assertThat(server.faults().list()).containsExactly(wheels, onlyHead);
    assertThat(getFile().status()).isEqualTo(200);
    server.faults().clear();
    assertThat(Http.send("HEAD", server.projectUrl("foo"), null, null, JSON).status()).isEqualTo(200);
  }

  // ---- latency and slow bodies ----------------------------------------------------------------

  @Test
  void delayAddsLatencyBeforeTheResponse() throws Exception {
    server.faults().on("/simple/foo/").delay(Duration.ofMillis(300));

    long start = System.nanoTime();
    Http.Response r = Http.get(server.projectUrl("foo"), JSON);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(elapsedMillis).as("a lower bound only").isGreaterThanOrEqualTo(300);
  }

  @Test
  void throttledBodyArrivesWholeInSmallPiecesOverTime() throws Exception {
    server.faults().on("/files/**").throttleBody(8192, Duration.ofMillis(20));

    long start = System.nanoTime();
    Http.Response r = getFile();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(wheel.content());
    long pieces = (wheel.size() + 8191) / 8192;
    assertThat(elapsedMillis).as("a lower bound only").isGreaterThanOrEqualTo(pieces * 20);
  }

  // ---- broken bodies and connections ----------------------------------------------------------

  @Test
  void truncatedBodyKeepsTheFullContentLengthAndClosesTheConnection() throws Exception {
    server.faults().on("/files/**").truncateBodyAfter(100);

    Http.Response r = getFile();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-length")).isEqualTo(Long.toString(wheel.size()));
    assertThat(r.body()).isEqualTo(Arrays.copyOf(wheel.content(), 100));
    assertThat(server.takeRequest().faulted()).isTrue();
  }

  @Test
  void droppedConnectionSendsNothingAndIsRecordedWithStatusZero() throws Exception {
    server.faults().on("/simple/foo/").dropConnection().times(1);

    Http.Response dropped = Http.get(server.projectUrl("foo"), JSON);
    Http.Response next = Http.get(server.projectUrl("foo"), JSON);

    assertThat(dropped.status()).isZero();
    assertThat(dropped.body()).isEmpty();
    assertThat(next.status()).isEqualTo(200);
    assertThat(server.takeRequest().status()).isZero();
  }

  @Test
  void tooLargeContentLengthLeavesTheClientWaitingForBytesThatNeverCome() throws Exception {
    server.faults().on("/files/**").wrongContentLength(10);

    Http.Response r = getFile();

    assertThat(r.header("content-length")).isEqualTo(Long.toString(wheel.size() + 10));
    assertThat(r.body()).isEqualTo(wheel.content());
  }

  @Test
  void tooSmallContentLengthSendsAShortBodyThatLooksComplete() throws Exception {
    server.faults().on("/files/**").wrongContentLength(-10);

    Http.Response r = getFile();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-length")).isEqualTo(Long.toString(wheel.size() - 10));
    assertThat(r.body()).isEqualTo(Arrays.copyOf(wheel.content(), (int) wheel.size() - 10));
  }

  // ---- ranges ---------------------------------------------------------------------------------

  @Test
  void ignoredRangeSendsTheWholeFileWith200() throws Exception {
    server.faults().on("/files/**").ignoreRange();

    Http.Response r = getFile("Range: bytes=10-19");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-range")).isNull();
    assertThat(r.body()).isEqualTo(wheel.content());
  }

  @Test
  void brokenRangeClaimsTheRequestedRangeButSendsOtherBytes() throws Exception {
    server.faults().on("/files/**").breakRange();
    byte[] content = wheel.content();

    Http.Response middle = getFile("Range: bytes=100-199");
    Http.Response suffix = getFile("Range: bytes=-50");
    Http.Response fromStart = getFile("Range: bytes=0-9");

    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.header("content-range")).isEqualTo("bytes 100-199/" + content.length);
    assertThat(middle.body()).hasSize(100).isEqualTo(Arrays.copyOfRange(content, 0, 100)).isNotEqualTo(Arrays.copyOfRange(content, 100, 200));
    assertThat(suffix.header("content-range")).isEqualTo("bytes " + (content.length - 50) + "-" + (content.length - 1) + "/" + content.length);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 0, 50));
    assertThat(fromStart.header("content-range")).isEqualTo("bytes 0-9/" + content.length);
    assertThat(fromStart.body()).isEqualTo(Arrays.copyOfRange(content, 1, 11));
  }

  // ---- advertised hashes ----------------------------------------------------------------------

  @Test
  void wrongAdvertisedHashChangesThePageButNotTheFile() throws Exception {
    Fault fault = server.faults().on("/files/foo/*.whl").advertiseWrongHash();

    JsonNode page = new ObjectMapper().readTree(Http.get(server.projectUrl("foo"), JSON).body());
    String html = Http.get(server.projectUrl("foo"), "Accept: text/html").text();

    String advertised = page.get("files").get(0).get("hashes").get("sha256").asText();
    assertThat(advertised).hasSize(64).isNotEqualTo(wheel.sha256());
    assertThat(html).contains("#sha256=" + advertised).doesNotContain(wheel.sha256());
    assertThat(getFile().body()).isEqualTo(wheel.content());
    assertThat(fault.hits()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(Http.get(server.projectUrl("other"), JSON).body()).get("files").get(0).get("hashes").get("sha256").asText())
        .isEqualTo(server.index().project("other").orElseThrow().files().get(0).hashes().sha256().orElseThrow());
  }

  @Test
  void advertisedShaCanBeChosenAndLimitedToSomePages() throws Exception {
    String chosen = "ab".repeat(32);
    server.faults().onProject("foo").advertiseSha256(chosen).times(1);

    String first = Http.get(server.projectUrl("foo"), JSON).text();
    String second = Http.get(server.projectUrl("foo"), JSON).text();

    assertThat(first).contains(chosen);
    assertThat(second).doesNotContain(chosen).contains(wheel.sha256());
  }
}
