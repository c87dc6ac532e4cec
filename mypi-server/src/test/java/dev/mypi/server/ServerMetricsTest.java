package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.IndexListener;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.MypiServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link ServerMetrics} and the {@code /metrics} servlet it mounts beside mypi; the {@code --[no-]metrics} option. */
class ServerMetricsTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;

  private static HttpResponse<String> send(URI uri, String method, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePrometheusTextFormatAndOpenMetricsOnRequest() throws Exception {
    try (ServerMetrics metrics = ServerMetrics.prometheus();
        ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).listener(metrics.indexListener()).build();
        MypiServer server = metrics.applyTo(MypiServer.builder(metrics.applyTo(MypiServlet.builder(index)).build())).port(0).requestLog(false).build()) {
      server.start();
      send(server.url().resolve("simple/"), "GET", null);
      HttpResponse<String> text = send(server.url().resolve("metrics"), "GET", null);
      for (int i = 0; i < 200 && !text.body().contains("route=\"simple_index\""); i++) {
        Thread.sleep(10); // the request is recorded just after its answer is written
        text = send(server.url().resolve("metrics"), "GET", null);
      }

      HttpResponse<String> open = send(server.url().resolve("metrics"), "GET", "application/openmetrics-text; version=1.0.0");
      HttpResponse<String> head = send(server.url().resolve("metrics"), "HEAD", null);
      HttpResponse<String> post = send(server.url().resolve("metrics"), "POST", null);

      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type")).hasValue(MetricsServlet.TEXT_FORMAT);
      assertThat(text.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(text.body())
          .contains("mypi_http_requests_seconds_count{method=\"GET\",route=\"simple_index\",status=\"2xx\"} 1")
          .contains("mypi_page_cache_gets_total{result=\"miss\"} 1")
          .contains("jvm_memory_used_bytes");
      assertThat(open.headers().firstValue("Content-Type")).hasValue(MetricsServlet.OPEN_METRICS);
      assertThat(open.body()).endsWith("# EOF\n");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(metrics.enabled()).isTrue();
      assertThat(metrics.registry()).isPresent();
    }
  }

  @Test
  void disabledMetricsMountNothingAndTheIndexAnswers404() throws Exception {
    try (ServerMetrics metrics = ServerMetrics.disabled();
        ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).listener(metrics.indexListener()).build();
        MypiServer server = metrics.applyTo(MypiServer.builder(metrics.applyTo(MypiServlet.builder(index)).build())).port(0).requestLog(false).build()) {
      server.start();

      assertThat(send(server.url().resolve("metrics"), "GET", null).statusCode()).isEqualTo(404);
      assertThat(metrics.enabled()).isFalse();
      assertThat(metrics.registry()).isEmpty();
      assertThat(metrics.indexListener()).isSameAs(IndexListener.none());
    }
  }

  @Test
  void metricsAreOnUnlessTurnedOffOnTheCommandLine() {
    Main byDefault = new Main();
    Main off = new Main();
    Main on = new Main();
    new CommandLine(byDefault).parseArgs();
    new CommandLine(off).parseArgs("--no-metrics");
    new CommandLine(on).parseArgs("--metrics");

    assertThat(off.metrics).isFalse();
    assertThat(on.metrics).isTrue();
    if (System.getenv("MYPI_METRICS") == null) {
      assertThat(byDefault.metrics).isTrue();
    }
  }
}
