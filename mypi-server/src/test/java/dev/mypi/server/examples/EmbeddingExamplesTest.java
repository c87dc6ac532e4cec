package dev.mypi.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The README's embedding examples compile, start and answer where the README says they do, and
 * the README shows them as they are here (from the first import to the end of the file).
 */
class EmbeddingExamplesTest {
  private static final Path EXAMPLES = Path.of("src/test/java/dev/mypi/server/examples");
  private static final Path README = Path.of("../README.md");

  @TempDir Path packages;

  @Test
  void plainJettyExampleServesTheSimpleIndexBelowPypi() throws Exception {
    try (BlobStore store = FileSystemBlobStore.create(packages);
        ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(packages).build()) {
      Server server = PlainJettyExample.newServer(index, new InetSocketAddress("127.0.0.1", 0));
      server.start();
      try {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        HttpResponse<String> simple = get(URI.create("http://127.0.0.1:" + port + "/pypi/simple/"));
        HttpResponse<String> health = get(URI.create("http://127.0.0.1:" + port + "/pypi/health"));

        assertThat(simple.statusCode()).isEqualTo(200);
        assertThat(simple.body()).contains("<title>Simple index</title>");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
      } finally {
        server.stop();
      }
    }
  }

  @Test
  void springBootExampleRegistersMypiServletAtPypi() throws Exception {
    try (BlobStore store = FileSystemBlobStore.create(packages);
        ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(packages).build()) {
      ServletRegistrationBean<MypiServlet> registration = new SpringBootExample().mypiServlet(index);

      assertThat(registration.getUrlMappings()).containsExactly("/pypi/*");
      assertThat(registration.getServlet()).isInstanceOf(MypiServlet.class);
      assertThat(registration.getServletName()).isEqualTo("mypi");
    }
  }

  @Test
  void springBootExampleWiresStoreIndexAndServletInAnApplicationContext() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("test", Map.of("mypi.root", packages.toString())));
      context.register(SpringBootExample.class);
      context.refresh();

      @SuppressWarnings("unchecked")
      ServletRegistrationBean<MypiServlet> registration = context.getBean(ServletRegistrationBean.class);
      assertThat(registration.getUrlMappings()).containsExactly("/pypi/*");
      assertThat(context.getBean(ProjectIndex.class).projects().projects()).isEmpty();
    }
  }

  @Test
  void readmeShowsThePlainJettyExampleVerbatim() throws Exception {
    assertThat(readme()).contains(snippet("PlainJettyExample.java"));
  }

  @Test
  void readmeShowsTheSpringBootExampleVerbatim() throws Exception {
    assertThat(readme()).contains(snippet("SpringBootExample.java"));
  }

  private static String readme() throws IOException {
    return Files.readString(README).replace("\r\n", "\n");
  }

  /** The example as the README shows it: from its first import to the end of the file. */
  private static String snippet(String file) throws IOException {
    String source = Files.readString(EXAMPLES.resolve(file)).replace("\r\n", "\n");
    return "```java\n" + source.substring(source.indexOf("import ")) + "```\n";
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return http.send(HttpRequest.newBuilder(uri).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
  }
}
