package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the shaded server jar, started as {@code java -jar}: on by default with
 * mypi's and the JVM's meters in the Prometheus text format; off with {@code --no-metrics} or
 * {@code MYPI_METRICS=false}. Asserts no timings, only that the series exist and move.
 */
class MetricsEndpointIT {
  private static final Pattern SERVING = Pattern.compile("mypi serving (http://\\S+/)simple/");
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;

  /** A server process and its root URL. */
  private record Server(Process process, URI root) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

  private Server start(Map<String, String> env, String... extraArgs) throws IOException {
    Path jar = Path.of(System.getProperty("mypi.serverJar", "target/mypi-server.jar"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(),
            "--port", "0", "--root", tmp.resolve("packages").toString(), "--no-request-log"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("MYPI_METRICS");
    builder.environment().putAll(env);
    Process process = builder.start();
    List<String> output = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      output.add(line);
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        return new Server(process, URI.create(m.group(1)));
      }
    }
    process.destroy();
    throw new AssertionError("the server did not start:\n" + String.join("\n", output));
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the value of the series {@code series} (name and labels as printed), or -1 if absent. */
  private static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return -1;
  }

  @Test
  void servesMypiAndJvmMetricsByDefaultAndTheyMoveWithRequests() throws Exception {
    TestDistributions demo = TestDistributions.of("demo", "1.0");
    byte[] wheel = Files.readAllBytes(demo.writeWheel(Files.createDirectories(tmp.resolve("dist"))));
    byte[] body = Multipart.twineForm("demo", "1.0", "bdist_wheel", "py3", demo.wheelFilename(), wheel).build();
    try (Server server = start(Map.of())) {
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(server.root().resolve("legacy/"))
                  .header("Content-Type", Multipart.contentType())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
      String before = get(server.root().resolve("metrics")).body();

      assertThat(get(server.root().resolve("simple/demo/")).statusCode()).isEqualTo(200);
      assertThat(get(server.root().resolve("simple/demo/")).statusCode()).isEqualTo(200);
      assertThat(get(server.root().resolve("simple/demo/")).statusCode()).isEqualTo(200);
      assertThat(get(server.root().resolve("files/demo/" + demo.wheelFilename())).statusCode()).isEqualTo(200);
      // A request is recorded just after its answer is written: scrape until the last one is in.
      String file = "mypi_http_requests_seconds_count{method=\"GET\",route=\"file\",status=\"2xx\"}";
      HttpResponse<String> metrics = get(server.root().resolve("metrics"));
      for (int i = 0; i < 200 && value(metrics.body(), file) < 1; i++) {
        Thread.sleep(10);
        metrics = get(server.root().resolve("metrics"));
      }

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      String after = metrics.body();
      assertThat(value(after, "mypi_http_requests_seconds_count{method=\"GET\",route=\"project\",status=\"2xx\"}")).isEqualTo(3);
      assertThat(value(after, "mypi_http_requests_seconds_count{method=\"POST\",route=\"legacy_upload\",status=\"2xx\"}")).isEqualTo(1);
      assertThat(after).contains("mypi_http_requests_seconds_bucket{method=\"GET\",route=\"project\",status=\"2xx\",le=\"");
      assertThat(value(after, "mypi_uploads_total{outcome=\"created\"}")).isEqualTo(1);
      assertThat(value(after, "mypi_http_received_bytes_total")).isEqualTo(body.length);
      assertThat(value(after, "mypi_http_sent_bytes_total{route=\"file\"}")).isEqualTo(wheel.length);
      String hit = "mypi_page_cache_gets_total{result=\"hit\"}";
      String miss = "mypi_page_cache_gets_total{result=\"miss\"}";
      assertThat(value(after, miss) - Math.max(0, value(before, miss))).isEqualTo(1);
      assertThat(value(after, hit) - Math.max(0, value(before, hit))).isEqualTo(2);
      assertThat(value(after, "mypi_storage_calls_seconds_count{operation=\"put\",outcome=\"success\"}")).isGreaterThanOrEqualTo(3);
      assertThat(value(after, "mypi_storage_calls_seconds_count{operation=\"open\",outcome=\"success\"}"))
          .isGreaterThan(value(before, "mypi_storage_calls_seconds_count{operation=\"open\",outcome=\"success\"}"));
      assertThat(after).contains("jvm_memory_used_bytes{").contains("jvm_gc_").contains("jvm_threads_live_threads ").contains("process_uptime_seconds ");
      assertThat(after).as("no project or file names in labels").doesNotContain("demo");
    }
  }

  @Test
  void noMetricsFlagTurnsTheEndpointOff() throws Exception {
    try (Server server = start(Map.of(), "--no-metrics")) {
      assertThat(get(server.root().resolve("metrics")).statusCode()).isEqualTo(404);
      assertThat(get(server.root().resolve("simple/")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void environmentVariableTurnsTheEndpointOff() throws Exception {
    try (Server server = start(Map.of("MYPI_METRICS", "false"))) {
      assertThat(get(server.root().resolve("metrics")).statusCode()).isEqualTo(404);
    }
  }
}
