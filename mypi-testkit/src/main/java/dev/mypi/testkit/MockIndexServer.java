package dev.mypi.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.OverwritePolicy;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.http.jetty.JettyBodySender;
import dev.mypi.testkit.internal.SettableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * A real Python package index for tests: mypi's full HTTP surface (PEP 503/691 simple pages,
 * files with Range, PEP 658 metadata, twine uploads) over in-memory storage, on {@code 127.0.0.1}
 * and a free port, with a scenario API, request recording and fault injection. Framework-free:
 * use it from any test, or let {@link dev.mypi.testkit.junit5.MockIndex @MockIndex} manage it.
 *
 * <pre>{@code
 * try (MockIndexServer server = MockIndexServer.create().start()) {
 *   server.publish(WheelBuilder.of("foo", "1.0").requires("bar").build());
 *   server.publish(WheelBuilder.of("bar", "2.0").build());
 *   server.faults().on("/simple/bar/").status(503).retryAfter(Duration.ZERO).times(1);
 *
 *   // pip install --index-url <server.simpleUrl()> foo
 *
 *   assertThat(server.requests()).extracting(RecordedRequest::status).contains(503, 200);
 * }
 * }</pre>
 *
 * <p>Scenario changes ({@link #publish}, {@link #yank}, {@link #delete}, {@link #setStatus}) are
 * visible to the next request. Every request is recorded ({@link #takeRequest}, {@link
 * #requests()}); uploads also with their form and metadata ({@link #uploads()}). {@link #close()}
 * stops the server and frees its port and threads; it is idempotent. Thread-safe.
 */
public final class MockIndexServer implements AutoCloseable {
  private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final Duration idleTimeout;
  private final boolean fallBackToHtml;
  private final InMemoryBlobStore store;
  private final SettableClock clock = new SettableClock();
  private final ProjectIndex index;
  private final Faults faults = new Faults();
  private final BlockingQueue<RecordedRequest> queue = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
  private @Nullable Server server;
  private @Nullable URI url;
  private boolean closed;

  private MockIndexServer(Builder b) {
    this.port = b.port;
    this.idleTimeout = b.idleTimeout;
    this.fallBackToHtml = b.fallBackToHtml;
    this.store = InMemoryBlobStore.create();
    try {
      this.index =
          ProjectIndex.builder(store)
              .clock(clock)
              .importUnindexedFiles(false)
              .overwritePolicy(b.allowOverwrite ? OverwritePolicy.ALLOW : OverwritePolicy.DENY)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory index cannot fail to open", e);
    }
  }

  /** Returns a server with the defaults (port 0, no faults), not started yet. */
  public static MockIndexServer create() {
    return builder().build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds {@code 127.0.0.1} and starts serving; returns this server.
   *
   * @throws IllegalStateException when already started or closed
   * @throws IOException when the port cannot be bound
   */
  public synchronized MockIndexServer start() throws IOException {
    checkState(!closed, "the server is closed");
    checkState(server == null, "start() was already called");
    QueuedThreadPool threads = new QueuedThreadPool(64, 2, 5_000);
    threads.setName("mypi-testkit");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    Server s = new Server(threads, new ScheduledExecutorScheduler("mypi-testkit-scheduler", true), null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(s, 1, 1, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    s.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    MypiServlet servlet = MypiServlet.builder(new FaultingIndex(index, faults))
        .fallBackToHtml(fallBackToHtml)
        .bodySender(JettyBodySender.create()) // as the standalone server sends bodies
        .build();
    context.addServlet(new ServletHolder("mypi", servlet), "/*");
    s.setHandler(new MockHandler(context, faults, index, this::record));
    server = s;
    try {
      s.start();
    } catch (Exception e) {
      try {
        s.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("Cannot start the mock index on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    return this;
  }

  private void record(RecordedRequest request) {
    recorded.add(request);
    queue.add(request);
  }

  // ---- URLs --------------------------------------------------------------------------------

  /** Returns the root URL, e.g. {@code http://127.0.0.1:40123/}. */
  public URI url() {
    URI u = url;
    checkState(u != null, "call start() first");
    return u;
  }

  /** Returns {@code path} resolved against the root URL; a leading {@code /} is allowed. */
  public URI url(String path) {
    return url().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** Returns the simple-index URL pip, uv and friends take as {@code --index-url}: {@code …/simple/}. */
  public URI simpleUrl() {
    return url("simple/");
  }

  /** Returns the page URL of a project, in any spelling: {@code …/simple/<normalized>/}. */
  public URI projectUrl(String project) {
    return url("simple/" + ProjectName.normalize(project) + "/");
  }

  /** Returns the URL of a distribution file: {@code …/files/<normalized project>/<filename>}. */
  public URI fileUrl(String project, String filename) {
    return url("files/" + ProjectName.normalize(project) + "/" + filename.replace("+", "%2B"));
  }

  /** Returns the upload URL twine takes as {@code --repository-url}: {@code …/legacy/}. */
  public URI uploadUrl() {
    return url("legacy/");
  }

  // ---- scenario ------------------------------------------------------------------------------

  /** Returns the index behind the server, for what the scenario methods do not cover. */
  public ProjectIndex index() {
    return index;
  }

  /**
   * Publishes a distribution as if twine had uploaded it (the request is not recorded); returns
   * the indexed file. Publishing the same bytes again changes nothing.
   *
   * @throws dev.mypi.core.MypiException when the index refuses it (e.g. another file of that name exists)
   */
  public IndexedFile publish(Distribution distribution) throws IOException {
    UploadBody body = distribution.uploadBody();
    try (InputStream in = body.openStream()) {
      index.publish(body.contentType(), in);
    }
    String project = ProjectName.normalize(distribution.name());
    return index.file(project, distribution.filename()).orElseThrow(() -> new IllegalStateException("not indexed: " + distribution));
  }

  /** Publishes a distribution with the upload time {@code uploadTime}. */
  public IndexedFile publish(Distribution distribution, Instant uploadTime) throws IOException {
    return clock.runAt(uploadTime, () -> publish(distribution));
  }

  /** Publishes a real distribution file (wheel or sdist). */
  public IndexedFile publish(Path file) throws IOException {
    return publish(Distribution.read(file));
  }

  /**
   * Publishes every distribution ({@code .whl}, {@code .tar.gz}, {@code .zip}) in {@code folder}
   * and its sub-folders, in path order, as pypiserver would serve them; returns the indexed files.
   */
  public ImmutableList<IndexedFile> publishFolder(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".whl") || n.endsWith(".tar.gz") || n.endsWith(".zip");
              })
              .sorted()
              .toList();
    }
    List<IndexedFile> published = new ArrayList<>();
    for (Path file : files) {
      published.add(publish(file));
    }
    return ImmutableList.copyOf(published);
  }

  /** Yanks every file of a release (PEP 592) with {@code reason} (may be empty). */
  public void yank(String project, String version, String reason) throws IOException {
    index.yank(ProjectName.normalize(project), version, reason);
  }

  /** Clears the yank of a release. */
  public void unyank(String project, String version) throws IOException {
    index.unyank(ProjectName.normalize(project), version);
  }

  /** Deletes one file of a project; a project without files disappears. */
  public void delete(String project, String filename) throws IOException {
    index.deleteFile(ProjectName.normalize(project), filename);
  }

  /** Sets a project's PEP 792 status without a reason. */
  public void setStatus(String project, ProjectStatus status) throws IOException {
    index.setStatus(ProjectName.normalize(project), status, null);
  }

  /** Sets a project's PEP 792 status and why (shown to installers). */
  public void setStatus(String project, ProjectStatus status, String reason) throws IOException {
    index.setStatus(ProjectName.normalize(project), status, reason);
  }

  /** Fixes the index clock at {@code now}: later uploads (also by clients) get this upload time. */
  public void setTime(Instant now) {
    clock.set(now);
  }

  /** Returns the index clock to the system clock. */
  public void useSystemTime() {
    clock.set(null);
  }

  // ---- recording -----------------------------------------------------------------------------

  /**
   * Returns the next request not taken yet, in arrival order, waiting at most 30 seconds.
   *
   * @throws AssertionError when no request arrives in time
   */
  public RecordedRequest takeRequest() throws InterruptedException {
    return takeRequest(TAKE_TIMEOUT).orElseThrow(() -> new AssertionError("no request within " + TAKE_TIMEOUT.toSeconds() + " s"));
  }

  /** Returns the next request not taken yet, or empty when none arrives within {@code timeout}. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Returns every request recorded so far (taken or not), in the order their responses ended. */
  public ImmutableList<RecordedRequest> requests() {
    return ImmutableList.copyOf(recorded);
  }

  /** Returns how many requests were recorded. */
  public int requestCount() {
    return recorded.size();
  }

  /** Returns every upload recorded so far (accepted or not). */
  public ImmutableList<RecordedUpload> uploads() {
    ImmutableList.Builder<RecordedUpload> b = ImmutableList.builder();
    for (RecordedRequest r : recorded) {
      r.upload().ifPresent(b::add);
    }
    return b.build();
  }

  /** Forgets the recorded requests (the list and the queue of {@link #takeRequest}). */
  public void clearRequests() {
    recorded.clear();
    queue.clear();
  }

  // ---- faults --------------------------------------------------------------------------------

  /** Returns the faults to inject; see {@link Fault}. */
  public Faults faults() {
    return faults;
  }

  /** Stops the server, frees its port and threads, and drops the index. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Server s = server;
    try {
      if (s != null) {
        s.stop();
      }
    } catch (Exception e) {
      throw new IOException("Cannot stop the mock index: " + e.getMessage(), e);
    } finally {
      store.close();
    }
  }

  @Override
  public String toString() {
    URI u = url;
    return "MockIndexServer{" + (u == null ? "not started" : u) + (closed ? ", closed" : "") + "}";
  }

  /** Configures a {@link MockIndexServer}. */
  public static final class Builder {
    private int port;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private boolean fallBackToHtml;
    private boolean allowOverwrite;

    private Builder() {}

    /** Sets the port to bind; default 0, a free one (prefer it: tests then run in parallel). */
    public Builder port(int port) {
      checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
      this.port = port;
      return this;
    }

    /** Sets how long a connection may stay idle; default 30 seconds. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Answers an {@code Accept} that allows no known format with HTML instead of 406; default false. */
    public Builder fallBackToHtml(boolean fallBack) {
      this.fallBackToHtml = fallBack;
      return this;
    }

    /** Lets an upload replace a file of the same name with other content; default false (409). */
    public Builder allowOverwrite(boolean allow) {
      this.allowOverwrite = allow;
      return this;
    }

    /** Returns the server, not started yet. */
    public MockIndexServer build() {
      return new MockIndexServer(this);
    }
  }
}
