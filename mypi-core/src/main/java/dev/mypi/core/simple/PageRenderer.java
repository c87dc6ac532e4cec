package dev.mypi.core.simple;

import dev.mypi.core.internal.simple.HtmlPageRenderer;
import dev.mypi.core.internal.simple.JsonPageRenderer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes simple-repository pages in one {@link SimpleFormat}, as UTF-8.
 *
 * <pre>{@code
 * PageRenderer renderer = PageRenderer.forFormat(SimpleFormat.JSON_V1);
 * response.setContentType(renderer.format().contentType());
 * renderer.render(page, response.getOutputStream());
 * }</pre>
 *
 * <p>Renderers are stateless and thread-safe. They flush but do not close the stream. Every value
 * from the model is escaped for the output format (HTML entities, JSON string escapes).
 */
public interface PageRenderer {
  /** Returns a renderer for {@code format}. */
  static PageRenderer forFormat(SimpleFormat format) {
    switch (format) {
      case HTML:
        return HtmlPageRenderer.textHtml();
      case HTML_V1:
        return HtmlPageRenderer.v1();
      case JSON_V1:
        return JsonPageRenderer.v1();
    }
    throw new AssertionError(format);
  }

  /** Returns the format this renderer writes. */
  SimpleFormat format();

  /** Writes the page of one project to {@code out}, then flushes it. */
  void render(ProjectPage page, OutputStream out) throws IOException;

  /** Writes the root page, listing every project, to {@code out}, then flushes it. */
  void render(ProjectList list, OutputStream out) throws IOException;
}
