package dev.mypi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency of mypi-http: an embedder without it on the class path
 * gets a working servlet. The servlet is loaded here by a class loader that cannot see
 * Micrometer, and serves a request.
 */
class NoMicrometerTest {

  /** Runs inside the isolated class loader: serves {@code /simple/} and returns its status. */
  public static final class Probe implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Path spool = Files.createTempDirectory("mypi-no-micrometer");
      try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).build();
          JettyHost host = JettyHost.start(MypiServlet.builder(index).build())) {
        return HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(host.url().resolve("simple/")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } finally {
        Files.deleteIfExists(spool);
      }
    }
  }

  @Test
  void servletWorksWithoutMicrometerOnTheClassPath() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !entry.contains("micrometer") && !entry.contains("HdrHistogram") && !entry.contains("LatencyUtils")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> probe = Class.forName(Probe.class.getName(), true, isolated);
      assertThat(probe).isNotSameAs(Probe.class);

      Object status = ((Callable<?>) probe.getConstructor().newInstance()).call();

      assertThat(status).isEqualTo(200);
    }
  }
}
