package dev.mypi.http;

import dev.mypi.http.internal.PortableBodySender;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * How {@link MypiServlet} hands response bodies to its servlet container. The default, {@link
 * #portable()}, uses the Servlet API only and works in any container. A container-specific sender
 * can give the container a file region or a ready buffer without copying it through the Java heap:
 * {@link dev.mypi.http.jetty.JettyBodySender} does so for Jetty 12 (ee10), and the standalone
 * server and the testkit use it.
 *
 * <p>Choose one with {@link MypiServlet.Builder#bodySender}, or let the container provide one as
 * the servlet context attribute {@value #CONTEXT_ATTRIBUTE}, which the servlet reads once when it
 * is initialised; the builder's choice wins. Status and headers, {@code Content-Length} included,
 * are set before a sender is called, and each call writes the rest of one response's body.
 * Implementations must be thread-safe and fall back to the Servlet API for an output stream they
 * do not know (a filter may have wrapped it).
 */
public interface BodySender {
  /** The servlet context attribute under which a container may offer its {@code BodySender}. */
  String CONTEXT_ATTRIBUTE = "dev.mypi.http.BodySender";

  /**
   * Writes the remaining bytes of {@code body} to {@code out}; the buffer's position may move, its
   * content is not changed. Large rendered pages come as native (direct) buffers, small ones as
   * read-only heap buffers.
   */
  void sendBuffer(ServletOutputStream out, ByteBuffer body) throws IOException;

  /**
   * Writes {@code length} bytes of {@code file} from {@code position} to {@code out}, with
   * positional reads or maps only: the channel's position is left alone and the channel open.
   *
   * @throws java.io.EOFException if the file ends before {@code position + length}
   */
  void sendFile(ServletOutputStream out, FileChannel file, long position, long length) throws IOException;

  /** Returns the sender that uses the Servlet API only (64 KiB writes). */
  static BodySender portable() {
    return PortableBodySender.INSTANCE;
  }
}
