package dev.mypi.core.internal.simple;

import static dev.mypi.core.internal.simple.Utf8Writer.bytes;

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
  /**
   * The ASCII characters {@link #ESCAPER} replaces ({@code " ' & < >}; it leaves every other
   * character alone): strings without them, nearly all, are written without calling it.
   */
  static final boolean[] HTML_RESERVED = reserved("\"'&<>");

  // Fixed markup, pre-encoded.
  private static final byte[] HEAD =
      bytes(
          "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n"
              + "    <meta name=\"pypi:repository-version\" content=\""
              + API_VERSION
              + "\">\n");
  private static final byte[] STATUS_META = bytes("    <meta name=\"pypi:project-status\" content=\"");
  private static final byte[] STATUS_REASON_META =
      bytes("    <meta name=\"pypi:project-status-reason\" content=\"");
  private static final byte[] END_META = bytes("\">\n");
  private static final byte[] TITLE_LINKS = bytes("    <title>Links for ");
  private static final byte[] END_TITLE_H1 = bytes("</title>\n  </head>\n  <body>\n    <h1>Links for ");
  private static final byte[] END_H1 = bytes("</h1>\n");
  private static final byte[] ROOT_TITLE =
      bytes("    <title>Simple index</title>\n  </head>\n  <body>\n");
  private static final byte[] END_SERIAL = bytes("  </body>\n</html>\n<!--SERIAL ");
  private static final byte[] END_COMMENT = bytes("-->\n");
  private static final byte[] A_HREF = bytes("    <a href=\"");
  private static final byte[] SLASH_END_ATTR_TAG = bytes("/\">");
  private static final byte[] END_A = bytes("</a>\n");
  private static final byte[] SHA256_FRAGMENT = bytes("#sha256=");
  private static final byte[] QUOTE = bytes("\"");
  private static final byte[] REQUIRES_PYTHON = bytes(" data-requires-python=\"");
  private static final byte[] DIST_INFO_METADATA = bytes(" data-dist-info-metadata=\"");
  private static final byte[] CORE_METADATA = bytes(" data-core-metadata=\"");
  private static final byte[] YANKED = bytes(" data-yanked=\"");
  private static final byte[] END_TAG = bytes(">");
  private static final byte[] END_A_BR = bytes("</a><br>\n");
  private static final byte[] SHA256_EQUALS = bytes(Hashes.SHA256 + "=");
  private static final byte[] EQUALS = bytes("=");
  private static final byte[] TRUE = bytes("true");

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
    w.write(HEAD);
    ProjectStatus status = page.status();
    Optional<String> reason = page.statusReason();
    if (status != ProjectStatus.ACTIVE || reason.isPresent()) {
      w.write(STATUS_META).write(escape(status.value())).write(END_META);
      if (reason.isPresent()) {
        w.write(STATUS_REASON_META).write(escape(reason.get())).write(END_META);
      }
    }
    w.write(TITLE_LINKS).write(name).write(END_TITLE_H1).write(name).write(END_H1);
    if (status.offersFiles()) {
      for (FileEntry file : page.files()) {
        anchor(w, file);
      }
    }
    w.write(END_SERIAL).write(page.lastSerial()).write(END_COMMENT);
    w.flush();
  }

  @Override
  public void render(ProjectList list, OutputStream out) throws IOException {
    Utf8Writer w = new Utf8Writer(out);
    w.write(HEAD).write(ROOT_TITLE);
    for (ProjectList.Entry entry : list.projects()) {
      // Relative to the root page, which is served at .../simple/ (trailing slash).
      escaped(escaped(w.write(A_HREF), entry.name().normalized()).write(SLASH_END_ATTR_TAG),
              entry.name().displayName())
          .write(END_A);
    }
    w.write(END_SERIAL).write(list.lastSerial()).write(END_COMMENT);
    w.flush();
  }

  @Override
  public String toString() {
    return "HtmlPageRenderer(" + format.contentType() + ")";
  }

  private static void anchor(Utf8Writer w, FileEntry file) throws IOException {
    escaped(w.write(A_HREF), file.url());
    Optional<String> sha256 = file.hashes().sha256();
    if (sha256.isPresent()) {
      escaped(w.write(SHA256_FRAGMENT), sha256.get());
    }
    w.write(QUOTE);
    Optional<String> requiresPython = file.requiresPython();
    if (requiresPython.isPresent()) {
      escaped(w.write(REQUIRES_PYTHON), requiresPython.get()).write(QUOTE);
    }
    Optional<Hashes> metadata = file.coreMetadata();
    if (metadata.isPresent()) {
      // Both names, identical values: pip 22.3-23.1 reads only the PEP 658 one.
      w.write(DIST_INFO_METADATA);
      metadataValue(w, metadata.get());
      w.write(QUOTE).write(CORE_METADATA);
      metadataValue(w, metadata.get());
      w.write(QUOTE);
    }
    if (file.yank().isYanked()) {
      // Never a bare attribute: pip's HTMLParser reads it as None, i.e. not yanked.
      escaped(w.write(YANKED), file.yank().reason().orElse("")).write(QUOTE);
    }
    escaped(w.write(END_TAG), file.filename()).write(END_A_BR);
  }

  /** Writes {@code sha256=<hex>}, else the first {@code algo=<hex>}, else {@code true}. */
  private static void metadataValue(Utf8Writer w, Hashes hashes) throws IOException {
    Optional<String> sha256 = hashes.sha256();
    if (sha256.isPresent()) {
      escaped(w.write(SHA256_EQUALS), sha256.get());
      return;
    }
    for (Map.Entry<String, String> e : hashes.asMap().entrySet()) {
      escaped(escaped(w, e.getKey()).write(EQUALS), e.getValue());
      return;
    }
    w.write(TRUE);
  }

  /** Writes {@code s} HTML-escaped; the same bytes as {@code w.write(ESCAPER.escape(s))}. */
  private static Utf8Writer escaped(Utf8Writer w, String s) throws IOException {
    if (!w.writeUnlessReserved(s, HTML_RESERVED)) {
      w.write(ESCAPER.escape(s));
    }
    return w;
  }

  private static String escape(String s) {
    return ESCAPER.escape(s);
  }

  private static boolean[] reserved(String chars) {
    boolean[] table = new boolean[128];
    for (int i = 0; i < chars.length(); i++) {
      table[chars.charAt(i)] = true;
    }
    return table;
  }
}
