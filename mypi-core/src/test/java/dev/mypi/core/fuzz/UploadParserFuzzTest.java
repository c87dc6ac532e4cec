package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.upload.InvalidUploadException;
import dev.mypi.core.upload.Upload;
import dev.mypi.core.upload.UploadLimits;
import dev.mypi.core.upload.UploadParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link UploadParser#parse} with small limits: the only outcomes are an {@link Upload} or an
 * {@link InvalidUploadException} (including {@code UploadTooLargeException}). Any other exception is
 * a finding, and so is an upload whose file exceeds the limit.
 *
 * <p>Input: the first line is the request's {@code Content-Type}, the rest is the body.
 */
class UploadParserFuzzTest {
  private static final UploadLimits LIMITS =
      UploadLimits.builder()
          .maxFileSize(4096)
          .maxFieldSize(1024)
          .maxTotalFieldBytes(4096)
          .maxParts(32)
          .maxPartHeaderBytes(512)
          .build();
  private static final UploadParser PARSER = UploadParser.create(LIMITS);

  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void parse(byte[] data) throws IOException {
    int newline = indexOf(data, (byte) '\n');
    String contentType =
        newline < 0 ? null : new String(data, 0, newline, StandardCharsets.ISO_8859_1);
    byte[] body = newline < 0 ? data : Arrays.copyOfRange(data, newline + 1, data.length);
    long[] received = {-1};
    Upload upload;
    try {
      upload =
          PARSER.parse(
              contentType,
              new ByteArrayInputStream(body),
              (filename, content) -> received[0] = readSome(content, filename.length()));
    } catch (InvalidUploadException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    upload
        .content()
        .ifPresent(
            file -> {
              assertThat(file.size()).isBetween(0L, LIMITS.maxFileSize());
              assertThat(received[0]).isBetween(0L, file.size());
            });
  }

  /** Reads part of the file, like a sink that stops early, so the parser has to drain the rest. */
  private static long readSome(InputStream content, int hint) throws IOException {
    return hint % 2 == 0 ? content.transferTo(OutputStreamSink.INSTANCE) : content.skip(hint * 37L);
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Discards what it is given. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
