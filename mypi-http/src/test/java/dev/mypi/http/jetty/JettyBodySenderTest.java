package dev.mypi.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.http.BodySender;
import dev.mypi.http.MypiServlet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of sending bodies serves the same bytes: the portable Servlet API path and Jetty's
 * (offered by the container or chosen in the builder; files mapped in small chunks so that ranges
 * cross chunk edges, or not mapped at all), for whole files, ranges, HEAD, 304, pages and gzip.
 */
class JettyBodySenderTest {
  /** Small sizes, so that a 300 KB wheel is mapped in five chunks and a 3 KB page is not. */
  private static final int THRESHOLD = 4 * 1024;
  private static final int CHUNK = 64 * 1024;
  private static final String FILE = "files/big/big-1.0-py3-none-any.whl";

  @TempDir static Path tmp;
  static ProjectIndex index;
  static byte[] wheel;
  static final HttpClient http = HttpClient.newHttpClient();

  /** How a test server is set up: the sender the builder gets and the one the container offers. */
  record Setup(@Nullable BodySender chosen, @Nullable BodySender offered) {}

  static Stream<Named<Setup>> setups() {
    return Stream.of(
        Named.of("portable (no sender anywhere)", new Setup(null, null)),
        Named.of("Jetty, offered by the container", new Setup(null, JettyBodySender.create())),
        Named.of("Jetty, chosen in the builder, mapped in 64 KiB chunks",
            new Setup(JettyBodySender.of(Unmapper.create(), THRESHOLD, CHUNK), null)),
        Named.of("Jetty, without mapping", new Setup(JettyBodySender.of(Unmapper.unavailable(), THRESHOLD, CHUNK), null)),
        Named.of("portable chosen in the builder wins over Jetty offered", new Setup(BodySender.portable(), JettyBodySender.create())));
  }

  @BeforeAll
  static void publish() throws Exception {
    Path files = tmp.resolve("files");
    java.nio.file.Files.createDirectories(files);
    index = ProjectIndex.builder(new LocalFileStore(files)).spoolDirectory(tmp).build();
    byte[] payload = new byte[300_000];
    new Random(7).nextBytes(payload);
    wheel = TestUploads.wheel("big", "1.0", payload);
    index.publish("multipart/form-data; boundary=b", new java.io.ByteArrayInputStream(TestUploads.uploadBody("big", "1.0", wheel)));
    for (int i = 0; i < 60; i++) {
      byte[] small = TestUploads.wheel("project-" + i, "1.0", new byte[] {(byte) i});
      index.publish("multipart/form-data; boundary=b", new java.io.ByteArrayInputStream(TestUploads.uploadBody("project-" + i, "1.0", small)));
    }
  }

  @AfterAll
  static void close() throws IOException {
    index.close();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void wholeFilesRangesHeadAnd304AreTheStoredBytes(Setup setup) throws Exception {
    try (Host host = Host.start(setup, null)) {
      HttpResponse<byte[]> whole = host.get(FILE);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.headers().firstValue("Content-Length")).hasValue(Integer.toString(wheel.length));
      assertThat(whole.body()).isEqualTo(wheel);
      String etag = whole.headers().firstValue("ETag").orElseThrow();

      assertRange(host, "bytes=0-9", 0, 10);
      assertRange(host, "bytes=65000-200000", 65000, 200001); // across chunk edges
      assertRange(host, "bytes=100-", 100, wheel.length);
      assertRange(host, "bytes=-70000", wheel.length - 70000, wheel.length);
      assertRange(host, "bytes=4096-8191", 4096, 8192);

      assertThat(host.get(FILE, "Range", "bytes=" + wheel.length + "-").statusCode()).isEqualTo(416);
      assertThat(host.get(FILE, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
      HttpResponse<byte[]> stale = host.get(FILE, "Range", "bytes=0-9", "If-Range", "\"stale\"");
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).isEqualTo(wheel);
      assertThat(host.get(FILE, "If-None-Match", etag).statusCode()).isEqualTo(304);

      HttpResponse<byte[]> head = host.send(HttpRequest.newBuilder(host.url(FILE)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(wheel.length));
      assertThat(head.body()).isEmpty();
      HttpResponse<byte[]> headRange =
          host.send(HttpRequest.newBuilder(host.url(FILE)).header("Range", "bytes=10-19").method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(headRange.statusCode()).isEqualTo(206);
      assertThat(headRange.body()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void pagesAndMetadataFilesAreTheRenderedBytes(Setup setup) throws Exception {
    try (Host host = Host.start(setup, null)) {
      HttpResponse<byte[]> root = host.get("simple/");
      assertThat(root.body()).isEqualTo(index.renderProjects(SimpleFormat.HTML).toByteArray());
      HttpResponse<byte[]> json = host.get("simple/big/", "Accept", SimpleFormat.JSON_V1.contentType());
      assertThat(json.body()).isEqualTo(index.renderProject("big", SimpleFormat.JSON_V1).orElseThrow().toByteArray());
      HttpResponse<byte[]> gzipped = host.get("simple/", "Accept-Encoding", "gzip");
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body())).readAllBytes()).isEqualTo(root.body());
      HttpResponse<byte[]> metadata = host.get(FILE + ".metadata");
      assertThat(new String(metadata.body(), StandardCharsets.UTF_8)).startsWith("Metadata-Version: 2.1\nName: big\n");
    }
  }

  @Test
  void theSenderTheContainerOffersGetsJettysOwnStreamForFilesAndPagesAlsoWithMetrics() throws Exception {
    Recording recording = new Recording(JettyBodySender.create());
    try (Host host = Host.start(new Setup(null, recording), new SimpleMeterRegistry())) {
      assertThat(host.get(FILE).body()).isEqualTo(wheel);
      assertThat(host.get("simple/").statusCode()).isEqualTo(200);
    }
    assertThat(recording.files.get()).isEqualTo(1);
    assertThat(recording.pages.get()).isEqualTo(1);
    assertThat(recording.streams).allMatch(HttpOutput.class::isInstance, "is Jetty's HttpOutput");
  }

  @ParameterizedTest
  @MethodSource("setups")
  void sentBytesAreCountedOnTheFastPathToo(Setup setup) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Host host = Host.start(setup, registry)) {
      int page = host.get("simple/").body().length;
      host.get(FILE);
      host.get(FILE, "Range", "bytes=10-19");
      host.send(HttpRequest.newBuilder(host.url(FILE)).method("HEAD", HttpRequest.BodyPublishers.noBody()));

      assertThat(sent(registry, "file")).isEqualTo(wheel.length + 10);
      assertThat(sent(registry, "simple_index")).isEqualTo(page);
    }
  }

  private static double sent(SimpleMeterRegistry registry, String route) {
    Counter c = registry.find("mypi.http.sent.bytes").tags("route", route).counter();
    return c == null ? 0 : c.count();
  }

  private static void assertRange(Host host, String range, int from, int to) throws Exception {
    HttpResponse<byte[]> r = host.get(FILE, "Range", range);
    assertThat(r.statusCode()).as(range).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes " + from + "-" + (to - 1) + "/" + wheel.length);
    assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(wheel, from, to));
  }

  /** Counts the calls and passes them on. */
  private static final class Recording implements BodySender {
    final BodySender delegate;
    final AtomicInteger files = new AtomicInteger();
    final AtomicInteger pages = new AtomicInteger();
    final List<ServletOutputStream> streams = new CopyOnWriteArrayList<>();

    Recording(BodySender delegate) {
      this.delegate = delegate;
    }

    @Override
    public void sendBuffer(ServletOutputStream out, ByteBuffer body) throws IOException {
      pages.incrementAndGet();
      streams.add(out);
      delegate.sendBuffer(out, body);
    }

    @Override
    public void sendFile(ServletOutputStream out, FileChannel file, long position, long length) throws IOException {
      files.incrementAndGet();
      streams.add(out);
      delegate.sendFile(out, file, position, length);
    }
  }

  /** The servlet in an embedded Jetty, with the setup's senders. */
  private static final class Host implements AutoCloseable {
    final Server server = new Server();
    final ServerConnector connector = new ServerConnector(server);

    static Host start(Setup setup, @Nullable SimpleMeterRegistry registry) throws Exception {
      Host host = new Host();
      host.connector.setHost("127.0.0.1");
      host.connector.setPort(0);
      host.server.addConnector(host.connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      if (setup.offered() != null) {
        context.setAttribute(BodySender.CONTEXT_ATTRIBUTE, setup.offered());
      }
      MypiServlet.Builder servlet = MypiServlet.builder(index);
      if (setup.chosen() != null) {
        servlet.bodySender(setup.chosen());
      }
      if (registry != null) {
        servlet.meterRegistry(registry);
      }
      context.addServlet(new ServletHolder(servlet.build()), "/*");
      host.server.setHandler(context);
      host.server.start();
      return host;
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/" + path);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
      HttpRequest.Builder r = HttpRequest.newBuilder(url(path));
      if (headers.length > 0) {
        r.headers(headers);
      }
      return send(r);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }
  }


}
