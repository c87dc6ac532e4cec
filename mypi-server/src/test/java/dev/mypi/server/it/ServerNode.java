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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One mypi node: {@code java -jar mypi-server.jar} with the given options, on a free port. */
final class ServerNode implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("mypi serving (http://\\S+/)simple/");
  private static final Pattern SERIAL = Pattern.compile("\"serial\":(\\d+)");

  private final String name;
  private final Process process;
  private final URI url;
  private final List<String> output;
  private final HttpClient http = HttpClient.newHttpClient();

  private ServerNode(String name, Process process, URI url, List<String> output) {
    this.name = name;
    this.process = process;
    this.url = url;
    this.output = output;
  }

  /** Starts a node with {@code options} (after {@code --port 0 --no-request-log}) and S3 credentials in its environment. */
  static ServerNode start(String name, Path tmp, List<String> options) throws Exception {
    String jar = System.getProperty("mypi.serverJar", "target/mypi-server.jar");
    assertThat(Path.of(jar)).as("the shaded server jar (mvn package)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-jar", jar, "--port", "0", "--no-request-log"));
    cmd.addAll(options);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", "test");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    pb.environment().remove("AWS_PROFILE");
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = pb.start();
    List<String> output = new ArrayList<>();
    BlockingQueue<String> url = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    url.add(m.group(1));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "node-" + name + "-output");
    reader.setDaemon(true);
    reader.start();
    String base = url.poll(90, TimeUnit.SECONDS);
    if (base == null) {
      process.destroyForcibly();
      synchronized (output) {
        throw new AssertionError("node " + name + " did not start:\n" + String.join("\n", output));
      }
    }
    return new ServerNode(name, process, URI.create(base), output);
  }

  String simpleUrl() {
    return url + "simple/";
  }

  String uploadUrl() {
    return url + "legacy/";
  }

  URI url() {
    return url;
  }

  /** Returns the serial /health reports. */
  long serial() throws IOException, InterruptedException {
    String body = get("health", "application/json").body();
    Matcher m = SERIAL.matcher(body);
    assertThat(m.find()).as("health: %s", body).isTrue();
    return Long.parseLong(m.group(1));
  }

  HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Kills the JVM at once (SIGKILL): no shutdown hook, no snapshot, no abort of uploads in flight. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public String toString() {
    return "node " + name + " at " + url;
  }
}
