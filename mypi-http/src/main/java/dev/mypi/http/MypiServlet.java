package dev.mypi.http;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableSet;
import com.google.common.hash.Hashing;
import dev.mypi.core.ForbiddenException;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.MypiException;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.UploadPermission;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.ContentNegotiation;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.Authentication;
import dev.mypi.http.auth.Authenticator;
import dev.mypi.http.auth.Authorizer;
import dev.mypi.http.auth.DefaultAuthorizer;
import dev.mypi.http.auth.Identity;
import dev.mypi.http.internal.ByteRangeRequest;
import dev.mypi.http.internal.ClientInput;
import dev.mypi.http.internal.CountingResponse;
import dev.mypi.http.internal.EntityTags;
import dev.mypi.http.internal.ErrorMapper;
import dev.mypi.http.internal.HttpMetrics;
import dev.mypi.http.internal.HttpMetrics.UploadOutcome;
import dev.mypi.http.internal.PortableBodySender;
import dev.mypi.http.internal.Route;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Servlet 6 that serves a {@link ProjectIndex} to pip, uv, poetry, pdm, pipenv and
 * twine. Mount it under any path of any servlet container:
 *
 * <pre>{@code
 * ProjectIndex index = ProjectIndex.builder(FileSystemBlobStore.create(Path.of("packages"))).build();
 * context.addServlet(new ServletHolder(MypiServlet.builder(index).build()), "/pypi/*");
 * // pip install --index-url http://host:8080/pypi/simple/ ...
 * // twine upload --repository-url http://host:8080/pypi/legacy/ ...
 * }</pre>
 *
 * <p>Below its mount point it answers {@code GET/HEAD /simple/} and {@code /simple/<project>/}
 * (HTML or JSON by PEP 691 content negotiation, 301 to the normalised URL, ETag/304, gzip),
 * {@code GET/HEAD /files/<project>/<file>} (Range, If-Range, ETag) and its PEP 658 {@code
 * .metadata}, uploads by {@code POST} to {@code /}, {@code /legacy} or {@code /legacy/}, and
 * {@code GET /health}. The servlet holds no state of its own; the index is shared and thread-safe.
 * Closing the index is the caller's job.
 *
 * <p>Who may do what is decided by an {@link Authenticator}, an {@link Authorizer} and an {@link
 * AccessMode} ({@link dev.mypi.http.auth}). Without an authenticator the index is open: anyone
 * reads and uploads, and credentials that clients send are ignored. With one, uploads need a login
 * unless another mode is chosen. Missing or wrong credentials are answered 401 with {@code
 * WWW-Authenticate: Basic realm="mypi"}, a known user who may not do something 403, repeated
 * failures 429. {@code /health} never needs a login.
 */
public final class MypiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger logger = LoggerFactory.getLogger(MypiServlet.class);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final long DRAIN_LIMIT = 256L << 20;
  private static final String FILE_CACHE_CONTROL = "public, max-age=31536000, immutable";

  private final transient ProjectIndex index;
  private final transient ContentNegotiation negotiation;
  private final transient @Nullable Authenticator authenticator;
  private final transient Authorizer authorizer;
  private final AccessMode accessMode;
  private final String challenge;
  private final transient @Nullable HttpMetrics metrics;
  private final transient @Nullable BodySender chosenSender;
  private final transient CachedPages cachedPages;
  /** The builder's sender, else the container's (see {@link #init()}), else the portable one. */
  private transient BodySender bodySender;

  /** Who a request acts as, once the access check let it through; null identity: anonymous. */
  private record Access(@Nullable Identity identity) {}

  private static final Access ANONYMOUS = new Access(null);

  private MypiServlet(Builder builder, AccessMode accessMode) {
    this.index = builder.index;
    this.negotiation = builder.negotiation;
    this.authenticator = builder.authenticator;
    this.authorizer = builder.authorizer;
    this.accessMode = accessMode;
    this.challenge = "Basic realm=\"" + builder.realm + "\", charset=\"UTF-8\"";
    this.metrics = builder.meterRegistry == null ? null : HttpMetrics.create(builder.meterRegistry);
    this.chosenSender = builder.bodySender;
    this.cachedPages = new CachedPages(index, negotiation, authorizer, accessMode, metrics);
    this.bodySender = builder.bodySender != null ? builder.bodySender : BodySender.portable();
  }

  /**
   * Takes the {@link BodySender} that the container offers as the context attribute {@value
   * BodySender#CONTEXT_ATTRIBUTE}, unless the builder set one.
   */
  @Override
  public void init() {
    if (chosenSender == null && getServletContext().getAttribute(BodySender.CONTEXT_ATTRIBUTE) instanceof BodySender offered) {
      bodySender = offered;
      logger.debug("sending bodies with {}", offered);
    }
  }

  /**
   * Returns the reads this servlet can answer from memory alone, for a server that answers them on
   * its network thread (see {@link CachedPages}); the servlet answers them the same way itself.
   */
  public CachedPages cachedPages() {
    return cachedPages;
  }

  /** Returns a builder for a servlet serving {@code index}. */
  public static Builder builder(ProjectIndex index) {
    return new Builder(index);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HttpMetrics m = metrics;
    if (m == null) {
      serve(req, resp, Route.match(pathBelowMount(req)));
      return;
    }
    long start = System.nanoTime();
    Route.Match match = Route.match(pathBelowMount(req));
    CountingResponse counting = new CountingResponse(resp);
    boolean completed = false;
    try {
      serve(req, counting, match);
      completed = true;
    } finally {
      // An exception that escapes becomes a 500 unless the answer was already under way.
      int status = completed || resp.isCommitted() ? resp.getStatus() : 500;
      m.request(match.route(), req.getMethod(), status, System.nanoTime() - start, counting.bytesWritten());
    }
  }

  private void serve(HttpServletRequest req, HttpServletResponse resp, Route.Match match) throws IOException {
    String method = req.getMethod();
    try {
      switch (match.route()) {
        case ROOT -> {
          if (method.equals("POST")) {
            upload(req, resp);
          } else if (isRead(method)) {
            if (authorize(req, resp, Action.READ, null) != null) {
              landingPage(req, resp);
            }
          } else {
            methodNotAllowed(resp, "GET, HEAD, POST");
          }
        }
        case LEGACY_UPLOAD -> {
          if (method.equals("POST")) {
            upload(req, resp);
          } else {
            methodNotAllowed(resp, "POST");
          }
        }
        case SIMPLE_NO_SLASH -> {
          if (requireRead(method, resp) && authorize(req, resp, Action.READ, null) != null) {
            redirect(req, resp, "/simple/");
          }
        }
        case SIMPLE_INDEX -> {
          if (requireRead(method, resp)) {
            Access access = authorize(req, resp, Action.READ, null);
            if (access != null) {
              projectList(req, resp, access);
            }
          }
        }
        case PROJECT_NO_SLASH, PROJECT -> {
          if (requireRead(method, resp)
              && authorize(req, resp, Action.READ, ProjectName.normalize(checkNotNull(match.project()))) != null) {
            project(req, resp, match);
          }
        }
        case FILE, CORE_METADATA -> {
          if (requireRead(method, resp)
              && authorize(req, resp, Action.READ, ProjectName.normalize(checkNotNull(match.project()))) != null) {
            file(req, resp, match);
          }
        }
        case HEALTH -> {
          if (requireRead(method, resp)) {
            health(req, resp);
          }
        }
        case UNKNOWN -> text(resp, 404, "Not Found");
      }
    } catch (MypiException e) {
      int status = ErrorMapper.status(e);
      logger.debug("{} {} -> {}: {}", method, req.getRequestURI(), status, e.getMessage());
      if (!resp.isCommitted()) {
        resp.reset();
        if (method.equals("POST") && !drainRequestBody(req)) {
          resp.setHeader("Connection", "close");
        }
        text(resp, status, ErrorMapper.oneLine(e.getMessage() == null ? "Bad Request" : e.getMessage()));
      }
    }
  }

  /**
   * Decides whether the request may do {@code action} on {@code project} (null: the index as a
   * whole). Returns who it acts as, or null after answering 401, 403 or 429.
   */
  private @Nullable Access authorize(HttpServletRequest req, HttpServletResponse resp, Action action, @Nullable String project)
      throws IOException {
    Set<String> owners = project == null ? ImmutableSet.of() : index.owners(project);
    if (accessMode.allowsAnonymous(action) && authorizer.permits(null, action, project, owners)) {
      return ANONYMOUS; // whatever credentials the client sent (twine always sends some) are ignored
    }
    Authentication auth = authenticator == null ? Authentication.anonymous() : authenticator.authenticate(req);
    switch (auth.outcome()) {
      case ANONYMOUS -> {
        resp.setHeader("WWW-Authenticate", challenge);
        deny(req, resp, 401, "Unauthorized: " + capitalized(what(action, project)) + " needs a login (a user and password, or __token__ and an API token)");
        return null;
      }
      case FAILED -> {
        resp.setHeader("WWW-Authenticate", challenge);
        deny(req, resp, 401, "Unauthorized: " + auth.reason());
        return null;
      }
      case THROTTLED -> {
        long seconds = Math.max(1, (auth.retryAfter().toMillis() + 999) / 1000);
        resp.setHeader("Retry-After", Long.toString(seconds));
        deny(req, resp, 429, "Too Many Requests: too many failed logins; try again in " + seconds + " seconds");
        return null;
      }
      case AUTHENTICATED -> {
        Identity identity = auth.requireIdentity();
        if (!identity.scope().permits(action, project)) {
          deny(req, resp, 403, "Forbidden: this credential (" + identity.credential() + ") is not valid for " + what(action, project));
          return null;
        }
        if (!authorizer.permits(identity, action, project, owners)) {
          deny(req, resp, 403, "Forbidden: user '" + identity.name() + "' is not allowed " + what(action, project));
          return null;
        }
        return new Access(identity);
      }
    }
    throw new AssertionError(auth.outcome());
  }

  /** Returns e.g. {@code uploading to project 'foo'} or {@code reading this index}. */
  private static String what(Action action, @Nullable String project) {
    String target = project == null ? "this index" : "project '" + project + "'";
    return switch (action) {
      case READ -> "reading " + target;
      case UPLOAD -> project == null ? "uploading" : "uploading to " + target;
      case YANK -> "yanking in " + target;
      case DELETE -> "deleting in " + target;
      case ADMIN -> "administering " + target;
    };
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Answers a refused request; the body of a refused upload is drained so that twine reads the answer. */
  private static void deny(HttpServletRequest req, HttpServletResponse resp, int status, String message) throws IOException {
    logger.debug("{} {} -> {}: {}", req.getMethod(), req.getRequestURI(), status, message);
    if (req.getMethod().equals("POST") && !drainRequestBody(req)) {
      resp.setHeader("Connection", "close");
    }
    text(resp, status, message);
  }

  /**
   * Reads and discards what is left of a rejected upload, up to {@link #DRAIN_LIMIT} bytes, so
   * that the client (which sends its whole body before reading the answer) reads our error
   * message instead of a connection reset. Returns false when the body was larger than that: the
   * connection must then be closed.
   */
  private static boolean drainRequestBody(HttpServletRequest req) {
    try (InputStream in = req.getInputStream()) {
      byte[] buf = new byte[64 * 1024];
      long drained = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        drained += n;
        if (drained > DRAIN_LIMIT) {
          return false;
        }
      }
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  private static boolean requireRead(String method, HttpServletResponse resp) throws IOException {
    if (isRead(method)) {
      return true;
    }
    methodNotAllowed(resp, "GET, HEAD");
    return false;
  }

  private static void methodNotAllowed(HttpServletResponse resp, String allow) throws IOException {
    resp.setHeader("Allow", allow);
    text(resp, 405, "Method Not Allowed: use " + allow);
  }

  /** The raw (still percent-encoded) path below the servlet's mount point. */
  private static String pathBelowMount(HttpServletRequest req) {
    String uri = req.getRequestURI();
    String prefix = req.getContextPath() + req.getServletPath();
    return uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
  }

  private static String mountPrefix(HttpServletRequest req) {
    return req.getContextPath() + req.getServletPath();
  }

  private static void redirect(HttpServletRequest req, HttpServletResponse resp, String pathBelowMount) throws IOException {
    String query = req.getQueryString();
    resp.setStatus(301);
    resp.setHeader("Location", mountPrefix(req) + pathBelowMount + (query == null ? "" : "?" + query));
    resp.setContentLength(0);
  }

  private void landingPage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String simple = mountPrefix(req) + "/simple/";
    String html =
        "<!DOCTYPE html>\n<html><head><title>mypi</title></head><body>\n<h1>mypi</h1>\n"
            + "<p>A private Python package index. Install with <code>pip install --index-url "
            + "&lt;this URL&gt;simple/ &lt;package&gt;</code>; upload with <code>twine upload "
            + "--repository-url &lt;this URL&gt;legacy/ dist/*</code>.</p>\n<p><a href=\""
            + simple
            + "\">Simple index</a> ("
            + index.projects().projects().size()
            + " projects)</p>\n</body></html>\n";
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType("text/html; charset=utf-8");
    resp.setContentLength(body.length);
    if (!req.getMethod().equals("HEAD")) {
      resp.getOutputStream().write(body);
    }
  }

  private void health(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] body = ("{\"status\":\"UP\",\"serial\":" + index.serial() + "}\n").getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    if (!req.getMethod().equals("HEAD")) {
      resp.getOutputStream().write(body);
    }
  }

  private @Nullable SimpleFormat negotiate(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String formatParam = req.getParameter("format");
    Optional<SimpleFormat> format =
        formatParam != null ? negotiation.forFormatParameter(formatParam) : negotiation.select(req.getHeader("Accept"));
    if (format.isEmpty()) {
      resp.setHeader("Vary", "Accept");
      text(
          resp,
          406,
          "Not Acceptable: this index serves text/html, "
              + SimpleFormat.HTML_V1.contentType()
              + " and "
              + SimpleFormat.JSON_V1.contentType());
      return null;
    }
    return format.get();
  }

  private void projectList(HttpServletRequest req, HttpServletResponse resp, Access access) throws IOException {
    SimpleFormat format = negotiate(req, resp);
    if (format == null) {
      return;
    }
    ProjectList visible = visibleProjects(access.identity());
    if (visible == null) {
      sendPage(req, resp, Route.SIMPLE_INDEX, index.renderProjects(format));
      return;
    }
    // Some projects are private to others: render the list this user may see (not cached).
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    PageRenderer.forFormat(format).render(visible, out);
    byte[] body = out.toByteArray();
    String etag = '"' + Hashing.murmur3_128().hashBytes(body).toString() + '"';
    sendPage(req, resp, Route.SIMPLE_INDEX, new RenderedPage(format, body, etag, visible.lastSerial()));
  }

  /**
   * Returns the projects {@code identity} may read, or null when that is all of them. Without
   * private projects and with a credential valid for every project, that is known without looking
   * at any project, and the cached rendering is served.
   */
  private @Nullable ProjectList visibleProjects(@Nullable Identity identity) {
    if (!authorizer.mayHideProjects() && (identity == null || identity.scope().projects().isEmpty())) {
      return null;
    }
    ProjectList all = index.projects();
    ProjectList.Builder visible = null;
    int i = 0;
    for (ProjectList.Entry entry : all.projects()) {
      String name = entry.name().normalized();
      boolean readable =
          (identity == null || identity.scope().permits(Action.READ, name))
              && authorizer.permits(identity, Action.READ, name, index.owners(name));
      if (!readable && visible == null) {
        visible = ProjectList.builder().lastSerial(all.lastSerial());
        for (ProjectList.Entry earlier : all.projects().subList(0, i)) {
          visible.add(earlier);
        }
      } else if (readable && visible != null) {
        visible.add(entry);
      }
      i++;
    }
    return visible == null ? null : visible.build();
  }

  private void project(HttpServletRequest req, HttpServletResponse resp, Route.Match match) throws IOException {
    String raw = checkNotNull(match.project());
    String normalized = ProjectName.normalize(raw);
    if (!normalized.equals(raw) || match.route() == Route.PROJECT_NO_SLASH) {
      // PEP 503: redirect to the normalised URL with its trailing slash
      redirect(req, resp, "/simple/" + encodeSegment(normalized) + "/");
      return;
    }
    SimpleFormat format = negotiate(req, resp);
    if (format == null) {
      return;
    }
    Optional<RenderedPage> page = index.renderProject(normalized, format);
    if (page.isEmpty()) {
      resp.setHeader("Vary", "Accept");
      text(resp, 404, "Not Found: no project named '" + normalized + "'");
      return;
    }
    sendPage(req, resp, match.route(), page.get());
  }

  private void sendPage(HttpServletRequest req, HttpServletResponse resp, Route route, RenderedPage page) throws IOException {
    boolean gzip = CachedPages.wantsGzip(page, req.getHeader("Accept-Encoding"));
    CachedPages.Answer answer = new CachedPages.Answer(route, page, gzip, req.getMethod().equals("HEAD"), req.getHeader("If-None-Match"));
    resp.setHeader("Vary", answer.vary());
    resp.setHeader("ETag", answer.etag());
    resp.setHeader("Cache-Control", answer.cacheControl());
    resp.setHeader("X-PyPI-Last-Serial", answer.lastSerial());
    if (answer.status() == 304) {
      notModified(resp);
      return;
    }
    resp.setContentType(answer.contentType());
    resp.setStatus(200);
    if (gzip) {
      resp.setHeader("Content-Encoding", "gzip");
    }
    resp.setContentLengthLong(answer.contentLength());
    ByteBuffer body = answer.body();
    if (body != null) {
      // large pages are kept in native memory: Jetty writes them to the socket without a copy
      sendBuffer(resp, body);
    }
  }

  private void file(HttpServletRequest req, HttpServletResponse resp, Route.Match match) throws IOException {
    String project = checkNotNull(match.project());
    String filename = checkNotNull(match.filename());
    Optional<IndexedFile> info = index.file(project, filename);
    if (info.isEmpty()) {
      text(resp, 404, "Not Found: no file '" + filename + "' in project '" + project + "'");
      return;
    }
    IndexedFile f = info.get();
    boolean head = req.getMethod().equals("HEAD");
    if (match.route() == Route.CORE_METADATA) {
      Optional<String> sha = f.coreMetadataSha256();
      if (sha.isEmpty()) {
        text(resp, 404, "Not Found: '" + filename + "' has no metadata file");
        return;
      }
      String etag = '"' + sha.get() + '"';
      setFileHeaders(resp, etag, f);
      if (EntityTags.noneMatchHits(req.getHeader("If-None-Match"), etag)) {
        notModified(resp);
        return;
      }
      resp.setContentType("text/plain; charset=utf-8");
      Optional<Blob> blob = index.openCoreMetadata(project, filename);
      if (blob.isEmpty()) {
        text(resp, 404, "Not Found: '" + filename + "' has no metadata file");
        return;
      }
      try (Blob b = blob.get()) {
        resp.setStatus(200);
        resp.setContentLengthLong(b.info().size());
        if (!head) {
          sendBlob(resp, b);
        }
      }
      return;
    }
    String etag = f.etag();
    setFileHeaders(resp, etag, f);
    if (EntityTags.noneMatchHits(req.getHeader("If-None-Match"), etag)) {
      notModified(resp);
      return;
    }
    resp.setContentType("application/octet-stream");
    resp.setHeader("Accept-Ranges", "bytes");
    long total = f.size();
    String rangeHeader = req.getHeader("Range");
    String ifRange = req.getHeader("If-Range");
    if (rangeHeader != null && ifRange != null
        && !EntityTags.ifRangeHolds(ifRange, etag, HTTP_DATE.format(f.uploadTime()))) {
      rangeHeader = null; // the client's copy is stale: send the whole file
    }
    ByteRangeRequest range = ByteRangeRequest.resolve(rangeHeader, total);
    switch (range.outcome()) {
      case UNSATISFIABLE -> {
        resp.setHeader("Content-Range", range.contentRange(total));
        text(resp, 416, "Range Not Satisfiable: the file has " + total + " bytes");
      }
      case PARTIAL -> {
        Optional<Blob> blob = index.openFile(project, filename, ByteRange.of(range.offset(), range.length()));
        if (blob.isEmpty()) {
          text(resp, 404, "Not Found: '" + filename + "'");
          return;
        }
        try (Blob b = blob.get()) {
          resp.setStatus(206);
          resp.setHeader("Content-Range", range.contentRange(total));
          resp.setContentLengthLong(range.length());
          if (!head) {
            sendBlob(resp, b);
          }
        }
      }
      case FULL -> {
        resp.setStatus(200);
        resp.setContentLengthLong(total);
        if (head) {
          return;
        }
        Optional<Blob> blob = index.openFile(project, filename);
        if (blob.isEmpty()) {
          resp.reset();
          text(resp, 404, "Not Found: '" + filename + "'");
          return;
        }
        try (Blob b = blob.get()) {
          sendBlob(resp, b);
        }
      }
    }
  }

  /**
   * Sends a 304 with the headers set so far (validators and caching, no representation headers:
   * RFC 9110, 15.4.5) and no {@code Content-Length}: the response is committed before it completes,
   * since a container may otherwise add {@code Content-Length: 0} (Jetty 12 does), which is not the
   * length a 200 would have (RFC 9110, 8.6).
   */
  private static void notModified(HttpServletResponse resp) throws IOException {
    resp.setStatus(304);
    resp.flushBuffer();
  }

  private static void setFileHeaders(HttpServletResponse resp, String etag, IndexedFile f) {
    resp.setHeader("ETag", etag);
    resp.setHeader("Last-Modified", HTTP_DATE.format(f.uploadTime()));
    resp.setHeader("Cache-Control", FILE_CACHE_CONTROL);
  }

  /**
   * Sends the bytes {@code blob} serves: from its local file through the {@link BodySender} when the
   * store has one, else from its stream.
   */
  private void sendBlob(HttpServletResponse resp, Blob blob) throws IOException {
    Optional<FileChannel> file = blob.fileChannel();
    if (file.isEmpty()) {
      try (InputStream in = blob.openStream()) {
        PortableBodySender.copy(in, resp.getOutputStream());
      }
      return;
    }
    ByteRange range = blob.range();
    if (resp instanceof CountingResponse counting) {
      // The sender gets the container's own stream (which it may know how to feed without copies);
      // the bytes are counted here: all of them, also when the client goes away half-way.
      try {
        bodySender.sendFile(counting.getResponse().getOutputStream(), file.get(), range.offset(), range.length());
      } finally {
        counting.count(range.length());
      }
    } else {
      bodySender.sendFile(resp.getOutputStream(), file.get(), range.offset(), range.length());
    }
  }

  /** Sends the remaining bytes of {@code body} through the {@link BodySender}. */
  private void sendBuffer(HttpServletResponse resp, ByteBuffer body) throws IOException {
    int length = body.remaining();
    if (resp instanceof CountingResponse counting) {
      try {
        bodySender.sendBuffer(counting.getResponse().getOutputStream(), body);
      } finally {
        counting.count(length);
      }
    } else {
      bodySender.sendBuffer(resp.getOutputStream(), body);
    }
  }

  private void upload(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Access access = authorize(req, resp, Action.UPLOAD, null);
    if (access == null) {
      countUpload(UploadOutcome.DENIED);
      return;
    }
    Identity identity = access.identity();
    UploadPermission permission =
        identity == null
            ? UploadPermission.anyone()
            : UploadPermission.of(
                identity.name(),
                (project, exists, owners) -> {
                  if (!identity.scope().permits(Action.UPLOAD, project)) {
                    throw new ForbiddenException(
                        "This credential (" + identity.credential() + ") may not upload to project '" + project + "'.");
                  }
                  authorizer.checkUpload(identity, project, exists, owners);
                });
    ClientInput body = new ClientInput(req.getInputStream());
    try {
      publish(req, resp, body, permission);
    } finally {
      HttpMetrics m = metrics;
      if (m != null) {
        m.received(body.bytesRead());
      }
    }
  }

  private void publish(HttpServletRequest req, HttpServletResponse resp, ClientInput body, UploadPermission permission)
      throws IOException {
    PublishResult result;
    try {
      result = index.publish(req.getContentType(), body, permission);
    } catch (ForbiddenException e) {
      countUpload(UploadOutcome.DENIED);
      throw e;
    } catch (MypiException e) {
      countUpload(UploadOutcome.REJECTED);
      throw e;
    } catch (IOException e) {
      if (body.failure() == null) {
        countUpload(UploadOutcome.FAILED);
        throw e; // storage failed: a server error
      }
      countUpload(UploadOutcome.CUT_OFF);
      // The client stalled past the idle timeout or went away: nothing was stored.
      logger.debug("upload cut off while reading the request body: {}", body.failure().toString());
      if (!resp.isCommitted()) {
        resp.reset();
        resp.setHeader("Connection", "close");
        text(resp, 408, "Request Timeout: the upload stalled or was cut off before its end; nothing was stored");
      }
      return;
    }
    logger.debug("upload {}", result);
    countUpload(
        switch (result) {
          case CREATED -> UploadOutcome.CREATED;
          case ALREADY_EXISTED -> UploadOutcome.ALREADY_EXISTED;
          case REPLACED -> UploadOutcome.REPLACED;
          case NOTHING_TO_DO -> UploadOutcome.NOTHING_TO_DO;
        });
    text(resp, 200, result == PublishResult.ALREADY_EXISTED ? "OK: file already existed with identical content" : "OK");
  }

  private void countUpload(UploadOutcome outcome) {
    HttpMetrics m = metrics;
    if (m != null) {
      m.upload(outcome);
    }
  }

  private static void text(HttpServletResponse resp, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("text/plain; charset=utf-8");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  private static String encodeSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** Configures a {@link MypiServlet}. */
  public static final class Builder {
    private final ProjectIndex index;
    private ContentNegotiation negotiation = ContentNegotiation.strict();
    private @Nullable Authenticator authenticator;
    private Authorizer authorizer = DefaultAuthorizer.builder().build();
    private @Nullable AccessMode accessMode;
    private String realm = "mypi";
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable BodySender bodySender;

    private Builder(ProjectIndex index) {
      this.index = index;
    }

    /**
     * Answers requests whose {@code Accept} header allows no representation we have with HTML,
     * as PyPI does, instead of 406 Not Acceptable (the default, PEP 691's recommendation).
     */
    public Builder fallBackToHtml(boolean fallBack) {
      this.negotiation = fallBack ? ContentNegotiation.fallbackToHtml() : ContentNegotiation.strict();
      return this;
    }

    /**
     * Sets who the requests come from; without one the index is open (anyone reads and uploads)
     * and the access mode must be {@link AccessMode#OPEN}.
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = authenticator;
      return this;
    }

    /** Sets what users may do; default {@link DefaultAuthorizer} with no admins and no private projects. */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    /**
     * Sets which actions need a login; default {@link AccessMode#OPEN} without an authenticator,
     * {@link AccessMode#UPLOAD_NEEDS_LOGIN} with one.
     */
    public Builder accessMode(AccessMode mode) {
      this.accessMode = mode;
      return this;
    }

    /** Sets the realm of the {@code WWW-Authenticate} challenge; default {@code mypi}. */
    public Builder realm(String realm) {
      checkArgument(realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'), "realm must be printable ASCII without quotes: %s", realm);
      this.realm = realm;
      return this;
    }

    /**
     * Records request metrics in {@code registry} (Micrometer, an optional dependency of
     * mypi-http): {@code mypi.http.requests} (a timer per {@code route}, {@code method} and
     * {@code status} class such as {@code 2xx}), {@code mypi.http.sent.bytes} (response body
     * bytes, per route), {@code mypi.http.received.bytes} (upload body bytes) and {@code
     * mypi.uploads} (per {@code outcome}). Route tags are the kinds of resource ({@code project},
     * {@code file}, …), never project or file names. Without a registry (the default) the servlet
     * records nothing and Micrometer need not be on the class path. Page-cache and storage
     * metrics come from the index: see {@link MicrometerIndexListener}.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Sets how response bodies (pages and files) are handed to the container; default: the one the
     * container offers as the context attribute {@value BodySender#CONTEXT_ATTRIBUTE}, else {@link
     * BodySender#portable()}.
     */
    public Builder bodySender(BodySender sender) {
      this.bodySender = checkNotNull(sender, "sender");
      return this;
    }

    /** Returns the servlet. */
    public MypiServlet build() {
      AccessMode mode = accessMode != null ? accessMode : authenticator == null ? AccessMode.OPEN : AccessMode.UPLOAD_NEEDS_LOGIN;
      checkState(mode == AccessMode.OPEN || authenticator != null, "access mode %s needs an authenticator", mode.label());
      return new MypiServlet(this, mode);
    }
  }
}
