package dev.mypi.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.http.auth.Authorizer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CachedPageHandler} answers the pages the index has in memory, or renders from memory
 * without waiting (small projects), itself, with the servlet's bytes and headers, and hands
 * everything else to the servlet (counted by a handler between the two): the root page and large
 * projects' pages not rendered yet, gzip not compressed yet, queries, redirects, uploads, files,
 * and pages that not everyone may read.
 */
class CachedPageHandlerTest {
  private static final String JSON = SimpleFormat.JSON_V1.contentType();
  private static final List<String> SHARED_HEADERS = List.of("ETag", "Vary", "Cache-Control", "X-PyPI-Last-Serial", "Content-Length", "Content-Encoding");

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger dispatched = new AtomicInteger();
  private ProjectIndex index;
  private @Nullable Server server;
  private @Nullable ServerConnector connector;

  @BeforeEach
  void publish() throws Exception {
    index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(tmp).build();
    upload("alpha", "1.0");
    upload("secret", "1.0");
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    index.close();
  }

  @Test
  void aPageInTheCacheIsAnsweredWithoutTheServletWithTheServletsBytesAndHeaders() throws Exception {
    start(null);
    for (String[] request : new String[][] {{"simple/alpha/", "Accept", JSON}, {"simple/alpha/", "Accept", "text/html"}, {"simple/", "Accept", JSON}}) {
      int before = dispatched.get();
      // A query string the servlet ignores sends the request to it: its rendering, its headers.
      HttpResponse<byte[]> rendered = get(request[0] + "?via=servlet", request[1], request[2]);
      assertThat(dispatched.get()).as("dispatched to the servlet").isEqualTo(before + 1);
      HttpResponse<byte[]> cached = get(request[0], request[1], request[2]);

      assertThat(dispatched.get()).as("dispatched to the servlet").isEqualTo(before + 1);
      assertThat(cached.statusCode()).isEqualTo(200);
      assertThat(cached.body()).isEqualTo(rendered.body());
      for (String header : SHARED_HEADERS) {
        assertThat(cached.headers().firstValue(header)).as(header).isEqualTo(rendered.headers().firstValue(header));
      }
      assertThat(mediaType(cached)).isEqualTo(mediaType(rendered));
    }
  }

  @Test
  void revalidationAndHeadAreAnsweredFromMemory() throws Exception {
    start(null);
    HttpResponse<byte[]> page = get("simple/alpha/", "Accept", JSON);
    String etag = page.headers().firstValue("ETag").orElseThrow();
    int before = dispatched.get();

    HttpResponse<byte[]> revalidated = get("simple/alpha/", "Accept", JSON, "If-None-Match", etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
    assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
    assertThat(revalidated.headers().firstValue("Content-Length")).as("no length but a 200's (RFC 9110, 8.6)").isEmpty();
    assertThat(revalidated.headers().firstValue("Content-Type")).isEmpty();
    assertThat(get("simple/alpha/", "Accept", JSON, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

    HttpResponse<byte[]> head = send(HttpRequest.newBuilder(url("simple/alpha/")).header("Accept", JSON).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(page.body().length));
    assertThat(dispatched.get()).isEqualTo(before);
  }

  @Test
  void gzipIsAnsweredFromMemoryOnceTheServletHasCompressedThePage() throws Exception {
    start(null);
    get("simple/alpha/");
    int before = dispatched.get();
    HttpResponse<byte[]> first = get("simple/alpha/", "Accept-Encoding", "gzip");
    assertThat(dispatched.get()).as("the first gzip request compresses, on a worker").isEqualTo(before + 1);
    HttpResponse<byte[]> second = get("simple/alpha/", "Accept-Encoding", "gzip");
    assertThat(dispatched.get()).isEqualTo(before + 1);

    assertThat(second.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(new GZIPInputStream(new ByteArrayInputStream(second.body())).readAllBytes())
        .isEqualTo(index.renderProject("alpha", SimpleFormat.HTML).orElseThrow().toByteArray());
  }

  @Test
  void aChangedSmallProjectIsRenderedOnTheNetworkThreadAndTheRootPageByTheServlet() throws Exception {
    start(null);
    get("simple/alpha/", "Accept", JSON);
    get("simple/", "Accept", JSON);
    upload("alpha", "2.0");
    int before = dispatched.get();

    HttpResponse<byte[]> page = get("simple/alpha/", "Accept", JSON);
    assertThat(new String(page.body())).contains("alpha-2.0-py3-none-any.whl");
    assertThat(dispatched.get()).as("a page of two files, rendered without the servlet").isEqualTo(before);
    assertThat(page.body()).isEqualTo(get("simple/alpha/?via=servlet", "Accept", JSON).body());
    assertThat(get("simple/", "Accept", JSON).statusCode()).isEqualTo(200);
    assertThat(dispatched.get()).as("the servlet renders the root page").isEqualTo(before + 2);
    assertThat(get("simple/", "Accept", JSON).statusCode()).isEqualTo(200);
    assertThat(dispatched.get()).as("then it is in memory").isEqualTo(before + 2);
  }

  @Test
  void pagesNotInMemoryOfLargeProjectsOrForGzipClientsAreRenderedByTheServlet() throws Exception {
    for (int i = 0; i < 65; i++) {
      upload("big", "1." + i);
    }
    start(null);
    int before = dispatched.get();

    assertThat(new String(get("simple/big/", "Accept", JSON).body())).contains("big-1.64-py3-none-any.whl");
    assertThat(dispatched.get()).as("65 files are too many to render on a network thread").isEqualTo(before + 1);
    assertThat(get("simple/big/", "Accept", JSON).statusCode()).isEqualTo(200);
    assertThat(dispatched.get()).as("then it is in memory").isEqualTo(before + 1);

    HttpResponse<byte[]> gzip = get("simple/alpha/", "Accept-Encoding", "gzip");
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(dispatched.get()).as("compressing is a worker's job").isEqualTo(before + 2);
  }

  @Test
  void requestsThatMayBlockOrAreNotPlainPageReadsGoToTheServlet() throws Exception {
    start(null);
    get("simple/alpha/");
    get("simple/alpha/", "Accept", JSON);
    int before = dispatched.get();

    assertThat(get("simple/alpha/?format=" + JSON.replace("+", "%2B")).headers().firstValue("Content-Type")).hasValue(JSON);
    assertThat(get("simple/Alpha/").statusCode()).isEqualTo(301);
    assertThat(get("simple/alpha").statusCode()).isEqualTo(301);
    assertThat(get("simple/nothing/").statusCode()).isEqualTo(404);
    assertThat(get("simple/alpha/", "Accept", "application/json").statusCode()).isEqualTo(406);
    assertThat(get("files/alpha/alpha-1.0-py3-none-any.whl").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> upload = send(HttpRequest.newBuilder(url(""))
        .header("Content-Type", "multipart/form-data; boundary=b")
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestUploads.uploadBody("beta", "1.0", TestUploads.wheel("beta", "1.0", new byte[100_000])))));
    assertThat(upload.statusCode()).as(new String(upload.body())).isEqualTo(200);
    assertThat(dispatched.get()).isEqualTo(before + 7);
  }

  @Test
  void pagesThatNotEveryoneMayReadGoToTheServletWhichAsksForALogin() throws Exception {
    start(new Authorizer() {
      @Override
      public boolean permits(dev.mypi.http.auth.@Nullable Identity identity, dev.mypi.http.auth.Action action, @Nullable String project, Set<String> owners) {
        return identity != null || !"secret".equals(project);
      }

      @Override
      public boolean mayHideProjects() {
        return true;
      }
    });
    index.renderProject("secret", SimpleFormat.HTML); // in the cache
    index.renderProjects(SimpleFormat.HTML);
    get("simple/alpha/");
    int before = dispatched.get();

    assertThat(get("simple/secret/").statusCode()).isEqualTo(401);
    assertThat(new String(get("simple/").body())).contains("alpha").doesNotContain("secret");
    assertThat(dispatched.get()).isEqualTo(before + 2);
    assertThat(get("simple/alpha/").statusCode()).isEqualTo(200);
    assertThat(dispatched.get()).as("a page anyone may read").isEqualTo(before + 2);
  }

  @Test
  void answersFromMemoryAreCountedInTheRequestMetrics() throws Exception {
    start(null);
    int length = 0;
    for (int i = 0; i < 5; i++) {
      length += get("simple/alpha/", "Accept", JSON).body().length;
    }

    // A request is recorded once answered, which the client may see a moment before.
    long deadline = System.nanoTime() + 5_000_000_000L;
    Timer timer = registry.find("mypi.http.requests").tags("route", "project", "method", "GET", "status", "2xx").timer();
    while ((timer == null || timer.count() < 5) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      timer = registry.find("mypi.http.requests").tags("route", "project", "method", "GET", "status", "2xx").timer();
    }
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(5);
    assertThat(registry.find("mypi.http.sent.bytes").tags("route", "project").counter().count()).isEqualTo(length);
  }

  @Test
  void requestsOutsideTheMountPathGoToTheWrappedHandler() throws Exception {
    MypiServlet servlet = MypiServlet.builder(index).build();
    index.renderProject("alpha", SimpleFormat.HTML);
    Handler next = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        dispatched.incrementAndGet();
        Response.writeError(request, response, callback, 418);
        return true;
      }
    };
    startWith(new CachedPageHandler(servlet.cachedPages(), "/pypi", next));

    assertThat(get("pypi/simple/alpha/").statusCode()).isEqualTo(200);
    assertThat(get("simple/alpha/").statusCode()).isEqualTo(418);
    assertThat(get("pypisimple/alpha/").statusCode()).isEqualTo(418);
    assertThat(dispatched.get()).isEqualTo(2);
  }

  private void start(@Nullable Authorizer authorizer) throws Exception {
    MypiServlet.Builder builder = MypiServlet.builder(index).meterRegistry(registry);
    if (authorizer != null) {
      builder.authorizer(authorizer);
    }
    MypiServlet servlet = builder.build();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    Handler.Wrapper counting = new Handler.Wrapper(context) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        dispatched.incrementAndGet();
        return super.handle(request, response, callback);
      }
    };
    startWith(new CachedPageHandler(servlet.cachedPages(), "", counting));
  }

  private void startWith(Handler handler) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
  }

  private void upload(String name, String version) throws Exception {
    byte[] wheel = TestUploads.wheel(name, version, new byte[] {1, 2, 3});
    index.publish("multipart/form-data; boundary=b", new ByteArrayInputStream(TestUploads.uploadBody(name, version, wheel)));
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/" + path);
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(url(path));
    if (headers.length > 0) {
      r.headers(headers);
    }
    return send(r);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The Content-Type without the spaces that containers add or drop around parameters. */
  private static String mediaType(HttpResponse<byte[]> r) {
    return r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }
}
