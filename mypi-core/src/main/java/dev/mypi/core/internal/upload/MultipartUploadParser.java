package dev.mypi.core.internal.upload;

import dev.mypi.core.MypiException;
import dev.mypi.core.upload.ContentSink;
import dev.mypi.core.upload.DigestAlgorithm;
import dev.mypi.core.upload.InvalidUploadException;
import dev.mypi.core.upload.Upload;
import dev.mypi.core.upload.UploadLimits;
import dev.mypi.core.upload.UploadParser;
import dev.mypi.core.upload.UploadRules;
import dev.mypi.core.upload.UploadTooLargeException;
import dev.mypi.core.upload.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link UploadParser} over {@link MultipartReader}: hands the {@code content} file part to the
 * sink through a {@link ContentStream} that computes the digests the rules ask for given the
 * fields sent before it, reads text parts as strict UTF-8 within the limits, and
 * feeds them to {@link Upload.Builder#formField}, which applies PyPI's sanitising.
 */
public final class MultipartUploadParser implements UploadParser {
  /** The longest boundary accepted; RFC 2046 allows 70, some clients are longer. */
  static final int MAX_BOUNDARY_LENGTH = 200;

  private static final String CONTENT = "content";
  private static final String GPG_SIGNATURE = "gpg_signature";

  private final UploadLimits limits;
  private final UploadRules rules;

  private MultipartUploadParser(UploadLimits limits, UploadRules rules) {
    this.limits = limits;
    this.rules = rules;
  }

  /**
   * Returns a parser enforcing {@code limits} that computes the digests {@code rules} verify.
   */
  public static MultipartUploadParser create(UploadLimits limits, UploadRules rules) {
    return new MultipartUploadParser(limits, rules);
  }

  @Override
  public Upload parse(@Nullable String contentType, InputStream body, ContentSink sink)
      throws IOException {
    MultipartReader reader = new MultipartReader(body, boundary(contentType));
    reader.skipPreamble(limits.maxPartHeaderBytes());
    Upload.Builder upload = Upload.builder();
    long textBytes = 0;
    int parts = 0;
    while (!reader.readDelimiterSuffix()) {
      if (++parts > limits.maxParts()) {
        throw new UploadTooLargeException(
            "Too many parts: limit is " + limits.maxParts() + " (UploadLimits.maxParts)",
            "maxParts",
            limits.maxParts());
      }
      HeaderValue disposition = contentDisposition(reader.readHeaders(limits.maxPartHeaderBytes()));
      String name = disposition.parameter("name");
      if (name == null) {
        throw new InvalidUploadException(
            "Malformed multipart body: a part's Content-Disposition has no name");
      }
      String filename = disposition.filename();
      MultipartReader.PartBody part = reader.body();
      if (filename != null && name.equals(CONTENT)) {
        if (upload.hasContent()) {
          throw new InvalidUploadException("'content' has invalid data");
        }
        Set<DigestAlgorithm> digests = rules.digestsToCompute(upload.build());
        upload.content(receive(filename, part, sink, digests));
      } else if (name.equals(CONTENT)) {
        throw new InvalidUploadException("Upload payload does not have a file.");
      } else if (filename != null && !name.equals(GPG_SIGNATURE)) {
        throw new InvalidUploadException(name + ": Should not be a tuple.");
      } else {
        byte[] value = readLimited(name, part, textBytes);
        textBytes += value.length;
        if (filename == null) {
          upload.formField(name, decodeUtf8(name, value));
        } // a gpg_signature file is read within the text limits and ignored, as PyPI does
      }
      reader.skipBody();
    }
    return upload.build();
  }

  private UploadedFile receive(
      String filename,
      MultipartReader.PartBody part,
      ContentSink sink,
      Set<DigestAlgorithm> digests)
      throws IOException {
    ContentStream content = new ContentStream(part, limits.maxFileSize(), digests);
    try {
      try {
        sink.accept(filename, content);
      } catch (IOException | RuntimeException | Error e) {
        MypiException failure = content.failure();
        if (failure != null && failure != e) {
          failure.addSuppressed(e);
          throw failure;
        }
        throw e;
      }
      content.drain();
      return new UploadedFile(filename, content.size(), content.digests());
    } finally {
      content.release();
    }
  }

  private byte[] readLimited(String name, InputStream part, long textBytesSoFar)
      throws IOException {
    long totalLeft = limits.maxTotalFieldBytes() - textBytesSoFar;
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = part.read(chunk, 0, chunk.length)) >= 0) {
      value.write(chunk, 0, n);
      if (value.size() > limits.maxFieldSize()) {
        throw new UploadTooLargeException(
            "Form field '"
                + name
                + "' too large: limit is "
                + limits.maxFieldSize()
                + " bytes (UploadLimits.maxFieldSize)",
            "maxFieldSize",
            limits.maxFieldSize());
      }
      if (value.size() > totalLeft) {
        throw new UploadTooLargeException(
            "Form fields too large: limit is "
                + limits.maxTotalFieldBytes()
                + " bytes in all (UploadLimits.maxTotalFieldBytes)",
            "maxTotalFieldBytes",
            limits.maxTotalFieldBytes());
      }
    }
    return value.toByteArray();
  }

  private static String decodeUtf8(String name, byte[] value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidUploadException("Form field '" + name + "' is not valid UTF-8");
    }
  }

  private static HeaderValue contentDisposition(List<String> headers) {
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon > 0
          && header.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
        HeaderValue value = HeaderValue.parse(header.substring(colon + 1));
        if (!value.value().equalsIgnoreCase("form-data")) {
          throw new InvalidUploadException(
              "Malformed multipart body: Content-Disposition is '"
                  + value.value()
                  + "', not 'form-data'");
        }
        return value;
      }
    }
    throw new InvalidUploadException(
        "Malformed multipart body: a part has no Content-Disposition header");
  }

  /** Returns the boundary of a {@code multipart/form-data} content type. */
  static String boundary(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new InvalidUploadException(
          "Upload must be multipart/form-data, but the request has no Content-Type");
    }
    HeaderValue type = HeaderValue.parse(contentType);
    if (!type.value().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
      throw new InvalidUploadException(
          "Upload must be multipart/form-data, not '" + type.value() + "'");
    }
    String boundary = type.parameter("boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw new InvalidUploadException(
          "Content-Type multipart/form-data has no boundary parameter");
    }
    if (boundary.length() > MAX_BOUNDARY_LENGTH || !boundary.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new InvalidUploadException(
          "Invalid multipart boundary '"
              + boundary
              + "': use 1 to 70 printable ASCII characters");
    }
    return boundary;
  }
}
