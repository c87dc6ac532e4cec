package dev.mypi.core.internal.simple;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Renders pages as PEP 503 HTML with the later attributes: PEP 629 repository version, PEP 592
 * {@code data-yanked}, PEP 658/714 {@code data-dist-info-metadata} and {@code data-core-metadata},
 * {@code data-requires-python}, and PEP 792 status {@code <meta>} tags.
 *
 * <p>Every interpolated value goes through Guava's {@link HtmlEscapers#htmlEscaper()}, including
 * values the model already validated. The HTML representation is frozen at API version 1.4 (PEP
 * 833).
 */
public final class HtmlPageRenderer implements PageRenderer {
  /** The API version the HTML pages advertise; frozen by PEP 833. */
  public static final String API_VERSION = "1.4";

  private static final HtmlPageRenderer TEXT_HTML = new HtmlPageRenderer(SimpleFormat.HTML);
  private static final HtmlPageRenderer V1 = new HtmlPageRenderer(SimpleFormat.HTML_V1);
  private static final Escaper ESCAPER = HtmlEscapers.htmlEscaper();

  private final SimpleFormat format;

  private HtmlPageRenderer(SimpleFormat format) {
    this.format = format;
  }

  /** Returns the renderer for {@code text/html}. */
  public static HtmlPageRenderer textHtml() {
    return TEXT_HTML;
  }

  /** Returns the renderer for {@code application/vnd.pypi.simple.v1+html}; same bytes. */
  public static HtmlPageRenderer v1() {
    return V1;
  }

  @Override
  public SimpleFormat format() {
    return format;
  }

  @Override
  public void render(ProjectPage page, OutputStream out) throws IOException {
    Utf8Writer w = new Utf8Writer(out);
    String name = escape(page.name().normalized());
    head(w);
    ProjectStatus status = page.status();
    Optional<String> reason = page.statusReason();
    if (status != ProjectStatus.ACTIVE || reason.isPresent()) {
      w.write("    <meta name=\"pypi:project-status\" content=\"")
          .write(escape(status.value()))
          .write("\">\n");
      if (reason.isPresent()) {
        w.write("    <meta name=\"pypi:project-status-reason\" content=\"")
            .write(escape(reason.get()))
            .write("\">\n");
      }
    }
    w.write("    <title>Links for ").write(name).write("</title>\n");
    w.write("  </head>\n  <body>\n    <h1>Links for ").write(name).write("</h1>\n");
    if (status.offersFiles()) {
      for (FileEntry file : page.files()) {
        anchor(w, file);
      }
    }
    w.write("  </body>\n</html>\n<!--SERIAL ").write(page.lastSerial()).write("-->\n");
    w.flush();
  }

  @Override
  public void render(ProjectList list, OutputStream out) throws IOException {
    Utf8Writer w = new Utf8Writer(out);
    head(w);
    w.write("    <title>Simple index</title>\n  </head>\n  <body>\n");
    for (ProjectList.Entry entry : list.projects()) {
      // Relative to the root page, which is served at .../simple/ (trailing slash).
      w.write("    <a href=\"")
          .write(escape(entry.name().normalized()))
          .write("/\">")
          .write(escape(entry.name().displayName()))
          .write("</a>\n");
    }
    w.write("  </body>\n</html>\n<!--SERIAL ").write(list.lastSerial()).write("-->\n");
    w.flush();
  }

  @Override
  public String toString() {
    return "HtmlPageRenderer(" + format.contentType() + ")";
  }

  private static void head(Utf8Writer w) throws IOException {
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n")
        .write("    <meta name=\"pypi:repository-version\" content=\"")
        .write(API_VERSION)
        .write("\">\n");
  }

  private static void anchor(Utf8Writer w, FileEntry file) throws IOException {
    w.write("    <a href=\"").write(escape(file.url()));
    Optional<String> sha256 = file.hashes().sha256();
    if (sha256.isPresent()) {
      w.write("#sha256=").write(escape(sha256.get()));
    }
    w.write("\"");
    Optional<String> requiresPython = file.requiresPython();
    if (requiresPython.isPresent()) {
      w.write(" data-requires-python=\"").write(escape(requiresPython.get())).write("\"");
    }
    Optional<Hashes> metadata = file.coreMetadata();
    if (metadata.isPresent()) {
      // Both names, identical values: pip 22.3-23.1 reads only the PEP 658 one.
      w.write(" data-dist-info-metadata=\"");
      metadataValue(w, metadata.get());
      w.write("\" data-core-metadata=\"");
      metadataValue(w, metadata.get());
      w.write("\"");
    }
    if (file.yank().isYanked()) {
      // Never a bare attribute: pip's HTMLParser reads it as None, i.e. not yanked.
      w.write(" data-yanked=\"").write(escape(file.yank().reason().orElse(""))).write("\"");
    }
    w.write(">").write(escape(file.filename())).write("</a><br>\n");
  }

  /** Writes {@code sha256=<hex>}, else the first {@code algo=<hex>}, else {@code true}. */
  private static void metadataValue(Utf8Writer w, Hashes hashes) throws IOException {
    Optional<String> sha256 = hashes.sha256();
    if (sha256.isPresent()) {
      w.write(Hashes.SHA256).write("=").write(escape(sha256.get()));
      return;
    }
    for (Map.Entry<String, String> e : hashes.asMap().entrySet()) {
      w.write(escape(e.getKey())).write("=").write(escape(e.getValue()));
      return;
    }
    w.write("true");
  }

  private static String escape(String s) {
    return ESCAPER.escape(s);
  }
}
