package dev.mypi.core.upload;

import dev.mypi.core.internal.upload.MultipartUploadParser;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code multipart/form-data} body of a legacy upload (RFC 7578) as a stream: the file
 * part named {@code content} is handed to a {@link ContentSink} and never held in memory, the text
 * fields become a typed {@link Upload}.
 *
 * <pre>{@code
 * UploadParser parser = UploadParser.create(UploadLimits.defaults());
 * Upload upload = parser.parse(request.getContentType(), request.getInputStream(),
 *     (filename, in) -> Files.copy(in, tempFile));
 * upload.content().get().digests().sha256();
 * }</pre>
 *
 * <p>The parser applies the sanitising rules PyPI applies while reading the form: a value that is
 * {@code UNKNOWN} or empty counts as absent, a single-use field sent twice is rejected ({@code
 * '<field>' has invalid data}), and so is a file part under any name but {@code content} or {@code
 * gpg_signature} ({@code <field>: Should not be a tuple.}). All other form rules are {@link
 * UploadRules}'. Parsers are immutable and thread-safe.
 */
public interface UploadParser {
  /**
   * Returns a parser that enforces {@code limits} and computes the digests {@link
   * UploadRules#defaults()} verifies.
   */
  static UploadParser create(UploadLimits limits) {
    return MultipartUploadParser.create(limits, UploadRules.defaults());
  }

  /**
   * Returns a parser that enforces {@code limits} and computes over the file part the digests
   * {@code rules} will verify ({@link UploadRules#digestsToCompute}): SHA-256 always, MD5 and
   * BLAKE2b-256 only when needed.
   */
  static UploadParser create(UploadLimits limits, UploadRules rules) {
    return MultipartUploadParser.create(limits, rules);
  }

  /**
   * Parses one upload body.
   *
   * @param contentType the request's {@code Content-Type}, or null if it had none; it must be
   *     {@code multipart/form-data} with a {@code boundary} parameter
   * @param body the request body; read up to the closing boundary, not closed
   * @param sink receives the {@code content} file part while it streams past
   * @return the form fields and, if there was a file part, its name, size and digests
   * @throws UploadTooLargeException if the body exceeds one of the limits (413)
   * @throws InvalidUploadException if the body is not a well-formed upload form (400)
   * @throws IOException if reading the body fails, or the sink throws it
   */
  Upload parse(@Nullable String contentType, InputStream body, ContentSink sink) throws IOException;
}
