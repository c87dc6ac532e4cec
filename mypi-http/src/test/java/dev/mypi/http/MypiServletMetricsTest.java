package dev.mypi.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MypiServlet.Builder#meterRegistry} and {@link MicrometerIndexListener}, over real HTTP. */
class MypiServletMetricsTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;
  private SimpleMeterRegistry registry;
  private ProjectIndex index;
  private JettyHost server;
  private byte[] wheel;

  @BeforeEach
  void start() throws Exception {
    registry = new SimpleMeterRegistry();
    index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).listener(MicrometerIndexListener.create(registry)).build();
    server = JettyHost.start(MypiServlet.builder(index).meterRegistry(registry).build());
    wheel = MypiServletTest.wheel("demo", "demo", "1.0");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    index.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> upload(byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve("legacy/"))
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private byte[] uploadBody(String sha256) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ndemo\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n" + sha256 + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"demo-1.0-py3-none-any.whl\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    all.writeBytes(wheel);
    all.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    return all.toByteArray();
  }

  /**
   * Waits until {@code n} requests were recorded: the servlet records a request after writing
   * its answer, so the client may have read it a moment before.
   */
  private void awaitRecordedRequests(long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (registry.find("mypi.http.requests").timers().stream().mapToLong(Timer::count).sum() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private long requests(String route, String method, String status) {
    Timer timer = registry.find("mypi.http.requests").tags("route", route, "method", method, "status", status).timer();
    return timer == null ? 0 : timer.count();
  }

  private double counter(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void timesRequestsPerRouteMethodAndStatusClass() throws Exception {
    assertThat(upload(uploadBody(MypiServletTest.sha256(wheel))).statusCode()).isEqualTo(200);

    assertThat(get("simple/demo/").statusCode()).isEqualTo(200);
    assertThat(get("simple/demo/").statusCode()).isEqualTo(200);
    assertThat(get("simple/nothing-here/").statusCode()).isEqualTo(404);
    assertThat(get("simple/Demo/").statusCode()).isEqualTo(301);
    assertThat(get("simple/").statusCode()).isEqualTo(200);
    assertThat(get("files/demo/demo-1.0-py3-none-any.whl.metadata").statusCode()).isEqualTo(200);
    assertThat(get("no/such/thing").statusCode()).isEqualTo(404);
    http.send(HttpRequest.newBuilder(server.url().resolve("health")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    awaitRecordedRequests(9);

    assertThat(requests("legacy_upload", "POST", "2xx")).isEqualTo(1);
    assertThat(requests("project", "GET", "2xx")).isEqualTo(2);
    assertThat(requests("project", "GET", "4xx")).isEqualTo(1);
    assertThat(requests("project", "GET", "3xx")).isEqualTo(1);
    assertThat(requests("simple_index", "GET", "2xx")).isEqualTo(1);
    assertThat(requests("core_metadata", "GET", "2xx")).isEqualTo(1);
    assertThat(requests("unknown", "GET", "4xx")).isEqualTo(1);
    assertThat(requests("health", "HEAD", "2xx")).isEqualTo(1);
    Timer project = registry.find("mypi.http.requests").tags("route", "project", "status", "2xx").timer();
    assertThat(project.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void countsBytesSentAndReceivedAndUploadsByOutcome() throws Exception {
    byte[] good = uploadBody(MypiServletTest.sha256(wheel));
    byte[] bad = uploadBody("0".repeat(64));

    assertThat(upload(good).statusCode()).isEqualTo(200);
    assertThat(upload(good).statusCode()).isEqualTo(200);
    assertThat(upload(bad).statusCode()).isEqualTo(400);
    HttpResponse<byte[]> file = get("files/demo/demo-1.0-py3-none-any.whl");
    HttpResponse<byte[]> page = get("simple/demo/");
    awaitRecordedRequests(5);

    assertThat(counter("mypi.uploads", "outcome", "created")).isEqualTo(1);
    assertThat(counter("mypi.uploads", "outcome", "already_existed")).isEqualTo(1);
    assertThat(counter("mypi.uploads", "outcome", "rejected")).isEqualTo(1);
    assertThat(counter("mypi.http.received.bytes")).isEqualTo(2.0 * good.length + bad.length);
    assertThat(file.body()).isEqualTo(wheel);
    assertThat(counter("mypi.http.sent.bytes", "route", "file")).isEqualTo(wheel.length);
    assertThat(counter("mypi.http.sent.bytes", "route", "project")).isEqualTo(page.body().length);
    assertThat(counter("mypi.http.sent.bytes", "route", "legacy_upload")).as("the one-line answers").isPositive();
  }

  @Test
  void pageCacheAndStorageMetersComeFromTheIndexListener() throws Exception {
    assertThat(upload(uploadBody(MypiServletTest.sha256(wheel))).statusCode()).isEqualTo(200);
    double missesBefore = counter("mypi.page.cache.gets", "result", "miss");

    get("simple/demo/");
    get("simple/demo/");
    get("simple/demo/");
    get("files/demo/demo-1.0-py3-none-any.whl");
    awaitRecordedRequests(5);

    assertThat(counter("mypi.page.cache.gets", "result", "miss")).isEqualTo(missesBefore + 1);
    assertThat(counter("mypi.page.cache.gets", "result", "hit")).isEqualTo(2);
    Timer put = registry.find("mypi.storage.calls").tags("operation", "put", "outcome", "success").timer();
    Timer open = registry.find("mypi.storage.calls").tags("operation", "open", "outcome", "success").timer();
    assertThat(put.count()).isGreaterThanOrEqualTo(3); // the wheel, its .metadata, the journal entry
    assertThat(open.count()).isPositive();
  }

  @Test
  void registersNothingAnywhereWithoutARegistry() throws Exception {
    try (ProjectIndex plain = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build();
        JettyHost host = JettyHost.start(MypiServlet.builder(plain).build())) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(host.url().resolve("simple/")).build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Metrics.globalRegistry.getMeters()).isEmpty();
      assertThat(Metrics.globalRegistry.getRegistries()).isEmpty();
    }
  }
}
