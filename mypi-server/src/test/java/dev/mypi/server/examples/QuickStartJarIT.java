package dev.mypi.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the shaded {@code mypi-server.jar} starts with {@code java -jar}
 * and serves {@code /simple/} and {@code /health}. Catches a jar that compiles but misses a
 * runtime dependency.
 */
class QuickStartJarIT {
  private static final Pattern SERVING = Pattern.compile("mypi serving (http://\\S+/)simple/");

  @TempDir Path tmp;

  @Test
  void shadedServerJarStartsAndServesTheSimpleIndexAndHealth() throws Exception {
    Path jar = Path.of(System.getProperty("mypi.serverJar", "target/mypi-server.jar"));
    assertThat(jar).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(),
                "--port", "0", "--root", tmp.resolve("packages").toString(), "--no-request-log")
            .redirectErrorStream(true)
            .start();
    try {
      List<String> output = new ArrayList<>();
      URI root = null;
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (root == null && (line = out.readLine()) != null) {
        output.add(line);
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          root = URI.create(m.group(1));
        }
      }
      assertThat(root).as("the server's output:%n%s", String.join("\n", output)).isNotNull();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> simple = http.send(HttpRequest.newBuilder(root.resolve("simple/")).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(root.resolve("health")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(simple.statusCode()).isEqualTo(200);
      assertThat(simple.body()).contains("<title>Simple index</title>");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
