package dev.mypi.http.jetty;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mypi.http.CachedPages;
import dev.mypi.http.MypiServlet;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty 12 handler in front of the context that hosts a {@link MypiServlet}: it answers the
 * simple pages the servlet can answer from memory ({@link CachedPages}) on Jetty's network (selector)
 * thread, and hands every other request to the wrapped handler on a thread of Jetty's pool, as
 * Jetty does for any blocking handler.
 *
 * <p>A static file server answers a request on the thread that read it. A servlet container hands
 * each request from the thread that read it to a worker thread; on a busy machine with few cores
 * that hand-off is where the tail latency of a cheap request comes from (the worker waits for a
 * time slice). Declaring this handler non-blocking lets Jetty run it on the selector thread, and
 * only the requests that may block (the root page or a large project's page to render, a file to
 * read, an upload, anything that needs the credentials) pay the hand-off. A small project's page
 * that is not in memory is rendered here, from the index's state in memory
 * ({@link dev.mypi.core.ProjectIndex#renderProjectWithoutWaiting}): that costs microseconds, less
 * than the hand-off.
 *
 * <pre>{@code
 * ServletContextHandler context = ...; // with the MypiServlet mounted at /*
 * server.setHandler(new CachedPageHandler(servlet.cachedPages(), "", context));
 * }</pre>
 *
 * <p>What runs on the selector thread must not block: the servlet's {@link
 * dev.mypi.http.auth.Authorizer} is asked there whether anyone may read a page (the default one
 * answers from memory), and so is the index's listener and the servlet's meter registry. A
 * request log that the server writes synchronously is written there too.
 *
 * <p>{@code mountPath} is where the servlet is mounted ({@code ""} for {@code /*} in the root
 * context, {@code "/pypi"} for {@code /pypi/*}). Requests outside it go straight to the wrapped
 * handler's thread.
 */
public final class CachedPageHandler extends Handler.Wrapper {
  private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, CachedPages.VARY);
  private static final HttpField CACHE_CONTROL = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, CachedPages.CACHE_CONTROL);
  private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

  private final CachedPages pages;
  private final String mountPath;

  /** Creates a handler answering from {@code pages} in front of {@code next}. */
  public CachedPageHandler(CachedPages pages, String mountPath, Handler next) {
    super(next);
    checkArgument(mountPath.isEmpty() || (mountPath.startsWith("/") && !mountPath.endsWith("/")), "a mount path is \"\" or like /pypi: %s", mountPath);
    this.pages = pages;
    this.mountPath = mountPath;
  }

  /** Non-blocking: Jetty calls {@link #handle} on the thread that read the request. */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    CachedPages.Answer answer = request.getHttpURI().getQuery() == null ? lookup(request) : null;
    if (answer == null) {
      request.getComponents().getExecutor().execute(() -> handleBlocking(request, response, callback));
      return true;
    }
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(VARY);
    headers.put(HttpHeader.ETAG, answer.etag());
    headers.put(CACHE_CONTROL);
    headers.put("X-PyPI-Last-Serial", answer.lastSerial());
    if (answer.status() == 304) {
      // Committed before it completes, as the servlet does: Jetty would otherwise add
      // Content-Length: 0, which is not the length a 200 would have (RFC 9110, 8.6).
      response.write(false, BufferUtil.EMPTY_BUFFER, callback);
    } else {
      headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
      if (answer.gzip()) {
        headers.put(GZIP);
      }
      headers.put(HttpHeader.CONTENT_LENGTH, answer.contentLength());
      ByteBuffer body = answer.body();
      response.write(true, body, callback);
    }
    pages.answered(answer, System.nanoTime() - start);
    return true;
  }

  private CachedPages.@Nullable Answer lookup(Request request) {
    String path = request.getHttpURI().getPath();
    if (path == null || !path.startsWith(mountPath) || path.length() <= mountPath.length() || path.charAt(mountPath.length()) != '/') {
      return null;
    }
    HttpFields h = request.getHeaders();
    return pages.answer(
        request.getMethod(),
        path.substring(mountPath.length()),
        h.get(HttpHeader.ACCEPT),
        h.get(HttpHeader.ACCEPT_ENCODING),
        h.get(HttpHeader.IF_NONE_MATCH));
  }

  private void handleBlocking(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable t) {
      callback.failed(t);
    }
  }
}
