package dev.mypi.http;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.ContentNegotiation;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.Authorizer;
import dev.mypi.http.internal.AcceptEncoding;
import dev.mypi.http.internal.EntityTags;
import dev.mypi.http.internal.HttpMetrics;
import dev.mypi.http.internal.Route;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reads that a {@link MypiServlet} can answer from memory alone, for a server that wants to
 * answer them on its network thread, as a static file server does, instead of handing each
 * request to a worker thread: {@code GET} or {@code HEAD} of {@code /simple/} or {@code
 * /simple/<normalised-name>/} without a query string, where anyone may read the page, whose
 * rendering in the negotiated format is in the index's page cache (and its gzip copy made, if the
 * client takes gzip) or, for a small project and a client that does not take gzip, is rendered
 * from the index in memory ({@link ProjectIndex#renderProjectWithoutWaiting}). Finding that out
 * and answering needs no I/O and never waits for another thread's rendering (the page cache's
 * own short locks aside).
 *
 * <pre>{@code
 * CachedPages pages = servlet.cachedPages();
 * CachedPages.Answer answer = pages.answer(method, path, accept, acceptEncoding, ifNoneMatch);
 * if (answer == null) {
 *   // dispatch to the servlet, which answers everything (and these requests the same way)
 * } else {
 *   // write answer's status, headers and body; then pages.answered(answer, nanos)
 * }
 * }</pre>
 *
 * <p>{@code dev.mypi.http.jetty.CachedPageHandler} does this for Jetty 12. Obtain an instance from
 * {@link MypiServlet#cachedPages()}; it is thread-safe.
 */
public final class CachedPages {
  static final int GZIP_MIN_LENGTH = 512;
  /** The {@code Vary} header of every page answer. */
  public static final String VARY = "Accept, Accept-Encoding";
  /** The {@code Cache-Control} header of every page answer: clients revalidate every time. */
  public static final String CACHE_CONTROL = "max-age=0, must-revalidate";
  private static final Map<SimpleFormat, String> CONTENT_TYPES = contentTypes();

  private final ProjectIndex index;
  private final ContentNegotiation negotiation;
  private final Authorizer authorizer;
  private final AccessMode accessMode;
  private final @Nullable HttpMetrics metrics;

  CachedPages(ProjectIndex index, ContentNegotiation negotiation, Authorizer authorizer, AccessMode accessMode, @Nullable HttpMetrics metrics) {
    this.index = index;
    this.negotiation = negotiation;
    this.authorizer = authorizer;
    this.accessMode = accessMode;
    this.metrics = metrics;
  }

  /**
   * Returns the answer to a request from memory, or null when the servlet has to answer it.
   * {@code path} is the request's path below the servlet's mount point, still percent-encoded and
   * without the query string; the other arguments are the request's headers of those names (null
   * when absent). Credentials the request carries do not matter: pages are answered here only where
   * anyone may read them, and the servlet then ignores credentials too.
   */
  public @Nullable Answer answer(String method, String path, @Nullable String accept, @Nullable String acceptEncoding, @Nullable String ifNoneMatch) {
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      return null;
    }
    Route.Match match = Route.match(path);
    Optional<RenderedPage> page;
    if (match.route() == Route.SIMPLE_INDEX) {
      if (!readableByAnyone(null) || authorizer.mayHideProjects()) {
        return null;
      }
      SimpleFormat format = negotiation.select(accept).orElse(null);
      page = format == null ? Optional.empty() : index.cachedProjects(format);
    } else if (match.route() == Route.PROJECT) {
      String name = checkNotNull(match.project());
      if (!ProjectName.normalize(name).equals(name) || !readableByAnyone(name)) {
        return null; // a redirect, or an access check that may need the request's credentials
      }
      SimpleFormat format = negotiation.select(accept).orElse(null);
      if (format == null) {
        page = Optional.empty();
      } else if (AcceptEncoding.allowsGzip(acceptEncoding)) {
        // A page rendered here has no compressed copy yet, and compressing is a worker's job: a
        // rendering here would be thrown away and done again there.
        page = index.cachedProject(name, format);
      } else {
        page = index.renderProjectWithoutWaiting(name, format); // a small project's page may be rendered here
      }
    } else {
      return null;
    }
    if (page.isEmpty()) {
      return null;
    }
    boolean gzip = wantsGzip(page.get(), acceptEncoding);
    if (gzip && !page.get().hasGzipped()) {
      return null; // compressing is work for a worker thread
    }
    return new Answer(match.route(), page.get(), gzip, head, ifNoneMatch);
  }

  /** Records an answer given from here in the servlet's request metrics, when it has any. */
  public void answered(Answer answer, long nanos) {
    HttpMetrics m = metrics;
    if (m != null) {
      long sent = answer.hasBody() ? answer.contentLength() : 0;
      m.request(answer.route, answer.head ? "HEAD" : "GET", answer.status(), nanos, sent);
    }
  }

  private boolean readableByAnyone(@Nullable String project) {
    return accessMode.allowsAnonymous(Action.READ)
        && authorizer.permits(null, Action.READ, project, project == null ? ImmutableSet.of() : index.owners(project));
  }

  static boolean wantsGzip(RenderedPage page, @Nullable String acceptEncoding) {
    return page.length() >= GZIP_MIN_LENGTH && AcceptEncoding.allowsGzip(acceptEncoding);
  }

  static String contentType(SimpleFormat format) {
    return CONTENT_TYPES.get(format);
  }

  private static Map<SimpleFormat, String> contentTypes() {
    EnumMap<SimpleFormat, String> types = new EnumMap<>(SimpleFormat.class);
    for (SimpleFormat f : SimpleFormat.values()) {
      types.put(f, f.isJson() ? f.contentType() : f.contentType() + "; charset=utf-8");
    }
    return types;
  }

  /**
   * How a simple page is answered: 200 with the page (gzip-compressed if the client takes it), or
   * 304 when the client's {@code If-None-Match} holds the page's entity tag; the same headers
   * either way. The servlet answers pages it renders itself the same way.
   */
  public static final class Answer {
    private final Route route;
    private final RenderedPage page;
    private final boolean gzip;
    private final boolean head;
    private final boolean notModified;

    Answer(Route route, RenderedPage page, boolean gzip, boolean head, @Nullable String ifNoneMatch) {
      this.route = route;
      this.page = page;
      this.gzip = gzip;
      this.head = head;
      this.notModified = EntityTags.noneMatchHits(ifNoneMatch, etag());
    }

    /** Returns 200, or 304 (Not Modified). */
    public int status() {
      return notModified ? 304 : 200;
    }

    /** Returns the {@code ETag} header: the page's, or its gzip copy's. */
    public String etag() {
      return gzip ? page.gzipEtag() : page.etag();
    }

    /** Returns the {@code Content-Type} header. */
    public String contentType() {
      return CachedPages.contentType(page.format());
    }

    /** Returns the {@code Vary} header. */
    public String vary() {
      return VARY;
    }

    /** Returns the {@code Cache-Control} header: clients revalidate every time (PEP 503 pages change). */
    public String cacheControl() {
      return CACHE_CONTROL;
    }

    /** Returns the {@code X-PyPI-Last-Serial} header. */
    public String lastSerial() {
      return page.serialText();
    }

    /** Returns whether the body is gzip-compressed ({@code Content-Encoding: gzip}). */
    public boolean gzip() {
      return gzip;
    }

    /**
     * Returns the {@code Content-Length} of a 200 answer (also to a {@code HEAD}), -1 for a 304.
     */
    public long contentLength() {
      return notModified ? -1 : gzip ? page.gzippedBuffer().remaining() : page.length();
    }

    /** Returns whether the answer has a body: false for a {@code HEAD} request and a 304. */
    public boolean hasBody() {
      return !notModified && !head;
    }

    /**
     * Returns the body to write, a read-only buffer of its own; null for a {@code HEAD} request and
     * a 304. Large pages are in native memory, so a server writes them without a copy.
     */
    public @Nullable ByteBuffer body() {
      if (!hasBody()) {
        return null;
      }
      return gzip ? page.gzippedBuffer() : page.buffer();
    }
  }
}
