package dev.mypi.server;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import dev.mypi.http.BodySender;
import dev.mypi.http.MypiServlet;
import dev.mypi.http.jetty.CachedPageHandler;
import dev.mypi.http.jetty.JettyBodySender;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone mypi server: Jetty 12 hosting a {@link MypiServlet} at the root path.
 *
 * <pre>{@code
 * try (MypiServer server = MypiServer.builder(servlet).host("127.0.0.1").port(0).build()) {
 *   server.start();
 *   URI simple = server.url().resolve("simple/");
 * }
 * }</pre>
 *
 * <p>Simple pages the index holds rendered are answered on Jetty's selector thread ({@link
 * CachedPageHandler}); every other request runs the servlet on a thread of the pool. It writes one
 * line per request to standard output (NCSA extended format, from a thread of its own) when request
 * logging is on. {@link #close()} stops the server and is idempotent; it does not close the index.
 */
public final class MypiServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(MypiServer.class);

  private final MypiServlet servlet;
  private final String host;
  private final int port;
  private final Duration idleTimeout;
  private final boolean requestLog;
  private final Consumer<String> requestLogSink;
  private final @Nullable Path keyStore;
  private final @Nullable String keyStorePassword;
  private final ImmutableMap<String, HttpServlet> extraServlets;
  private @Nullable Server server;
  private @Nullable ServerConnector connector;
  private boolean closed;

  private MypiServer(Builder b) {
    this.servlet = b.servlet;
    this.host = b.host;
    this.port = b.port;
    this.idleTimeout = b.idleTimeout;
    this.requestLog = b.requestLog;
    this.requestLogSink = b.requestLogSink;
    this.keyStore = b.keyStore;
    this.keyStorePassword = b.keyStorePassword;
    this.extraServlets = ImmutableMap.copyOf(b.extraServlets);
  }

  /** Returns a builder for a server hosting {@code servlet}. */
  public static Builder builder(MypiServlet servlet) {
    return new Builder(servlet);
  }

  /**
   * HTTP/1.1 with a 64 KiB read buffer (Jetty's default is 8 KiB): an upload body then arrives in
   * 64 KiB pieces, an eighth of the read calls and wake-ups per GiB.
   */
  private static HttpConnectionFactory http11(HttpConfiguration http) {
    HttpConnectionFactory factory = new HttpConnectionFactory(http);
    factory.setInputBufferSize(64 * 1024);
    return factory;
  }

  /** Binds the port and starts serving. */
  public synchronized void start() throws IOException {
    checkState(server == null, "start() was already called");
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("mypi");
    // No reserved threads: with them Jetty hands the selector's job to a parked thread for each
    // request it runs, and on a busy machine that thread may wait a scheduler slice or more before
    // it selects again, stalling every connection meanwhile. Measured on 2 cores (wrk -c32, project
    // pages): p99 14-15 ms with reserved threads, 4.4-5.4 ms without, at the same req/s
    // (docs/benchmarks.md, "Tail latency").
    threads.setReservedThreads(0);
    Server s = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // No per-connection cache of header fields: Jetty's (1024 entries by default) is a 100 KB table
    // on the heap for every keep-alive connection; connections that live for seconds move it to the
    // old generation, where it becomes garbage that only a full collection frees (docs/benchmarks.md,
    // issue 7, tenth round). It saves a few small objects per request.
    http.setHeaderCacheSize(0);
    http.setRequestHeaderSize(8 * 1024); // larger headers are answered 431 and the connection closed
    ServerConnector c;
    if (keyStore != null) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(keyStore.toString());
      tls.setKeyStorePassword(keyStorePassword);
      tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      http.addCustomizer(new SecureRequestCustomizer(false));
      HttpConnectionFactory plain = http11(http);
      c = new ServerConnector(s, new SslConnectionFactory(tls, plain.getProtocol()), plain);
    } else {
      c = new ServerConnector(s, http11(http));
    }
    c.setHost(host);
    c.setPort(port);
    c.setIdleTimeout(idleTimeout.toMillis());
    s.addConnector(c);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    // Pages and files go to Jetty as whole buffers (files memory-mapped): see JettyBodySender.
    context.setAttribute(BodySender.CONTEXT_ATTRIBUTE, JettyBodySender.create());
    context.addServlet(new ServletHolder("mypi", servlet), "/*");
    for (Map.Entry<String, HttpServlet> extra : extraServlets.entrySet()) {
      context.addServlet(new ServletHolder(extra.getKey(), extra.getValue()), extra.getKey()); // exact paths win over /*
    }
    // Pages in the page cache are answered on the selector thread, everything else on the pool's.
    s.setHandler(new CachedPageHandler(servlet.cachedPages(), "", context));
    if (requestLog) {
      // No request header but Referer and User-Agent is logged: never Authorization or Cookie.
      // Written on a thread of its own: a line is logged on the thread that completes the request,
      // which is the selector thread for a page answered from memory, and a slow sink must not stall it.
      s.setRequestLog(new CustomRequestLog(new BackgroundLogWriter(requestLogSink), CustomRequestLog.EXTENDED_NCSA_FORMAT));
    }
    server = s;
    connector = c;
    try {
      s.start();
    } catch (Exception e) {
      try {
        s.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("Cannot start mypi on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    logger.info("mypi listening on {}", url());
  }

  /** Returns the root URL, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    ServerConnector c = connector;
    checkState(c != null, "call start() first");
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((keyStore != null ? "https://" : "http://") + h + ":" + c.getLocalPort() + "/");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    Server s = server;
    checkState(s != null, "call start() first");
    s.join();
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Server s = server;
    if (s != null) {
      try {
        s.stop();
      } catch (Exception e) {
        throw new IOException("Cannot stop mypi: " + e.getMessage(), e);
      }
    }
  }

  /** Configures a {@link MypiServer}. */
  public static final class Builder {
    private final MypiServlet servlet;
    private String host = "127.0.0.1";
    private int port = 8080;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private boolean requestLog = true;
    private Consumer<String> requestLogSink = System.out::println;
    private @Nullable Path keyStore;
    private @Nullable String keyStorePassword;
    private final Map<String, HttpServlet> extraServlets = new LinkedHashMap<>();

    private Builder(MypiServlet servlet) {
      this.servlet = servlet;
    }

    /** Sets the address to bind; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets the port; 0 picks a free one; default 8080. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Sets how long a connection may stay idle, also in the middle of a request (a stalled upload
     * is cut off after this); default 30 seconds.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Sets whether one line per request is written to standard output; default true. */
    public Builder requestLog(boolean enabled) {
      this.requestLog = enabled;
      return this;
    }

    /**
     * Writes the request log lines to {@code sink} instead of standard output (and turns the log
     * on). Lines never contain the {@code Authorization} header.
     */
    public Builder requestLogSink(Consumer<String> sink) {
      this.requestLog = true;
      this.requestLogSink = sink;
      return this;
    }

    /**
     * Serves HTTPS (TLS 1.2 and 1.3 only) with the key and certificate chain in {@code keyStore}, a
     * PKCS12 (or JKS) file; without this the server speaks plain HTTP (put a TLS proxy in front).
     */
    public Builder tls(Path keyStore, String password) {
      this.keyStore = keyStore;
      this.keyStorePassword = password;
      return this;
    }

    /**
     * Mounts another servlet beside mypi at the exact path {@code path} (for example {@code
     * /metrics}), which then no longer reaches mypi.
     */
    public Builder servlet(String path, HttpServlet other) {
      checkArgument(path.startsWith("/") && path.length() > 1 && !path.contains("*"), "an exact path such as /metrics: %s", path);
      extraServlets.put(path, other);
      return this;
    }

    /** Returns the server, not started yet. */
    public MypiServer build() {
      return new MypiServer(this);
    }
  }
}
