package dev.mypi.core.upload;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the distribution file part of an upload while the body is being parsed, typically to
 * write it to a temporary blob. The parser counts and hashes the bytes as the sink reads them.
 */
@FunctionalInterface
public interface ContentSink {
  /**
   * Consumes the distribution file part; the stream ends at the part boundary and is size-limited.
   *
   * <p>The sink need not read to the end nor close the stream: the parser drains (and still hashes
   * and limits) what is left. Reading past {@link UploadLimits#maxFileSize()} throws {@link
   * UploadTooLargeException}; a body that ends before the part does throws {@link
   * InvalidUploadException}. If the sink wraps either, the parser rethrows the original.
   *
   * @param filename the {@code filename} parameter of the part, not yet validated
   * @param content the bytes of the part; valid only during this call
   */
  void accept(String filename, InputStream content) throws IOException;
}
