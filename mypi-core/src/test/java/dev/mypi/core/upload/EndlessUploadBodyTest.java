package dev.mypi.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies that never end (no closing boundary, an endless header, preamble, field or part list):
 * each stops at a limit with {@link UploadTooLargeException} after reading little more than the
 * limit, instead of hanging or filling the heap.
 */
class EndlessUploadBodyTest {
  private static final String B = MultipartBody.BOUNDARY;
  private static final UploadLimits LIMITS =
      UploadLimits.builder()
          .maxFileSize(1 << 20)
          .maxFieldSize(64 * 1024)
          .maxTotalFieldBytes(256 * 1024)
          .maxParts(100)
          .maxPartHeaderBytes(8 * 1024)
          .build();

  @Test
  void fileThatNeverEndsStopsAtTheFileSizeLimitWhenTheSinkReadsNothing() {
    Endless body = endlessFile();

    assertLimit(body, "maxFileSize", (filename, in) -> {}); // the parser drains: still bounded
    assertThat(body.served).isLessThan(2L << 20);
  }

  @Test
  void fileThatNeverEndsStopsAtTheFileSizeLimitWhenTheSinkReadsEverything() {
    Endless body = endlessFile();

    assertLimit(body, "maxFileSize", (filename, in) -> in.transferTo(OutputStream.nullOutputStream()));
    assertThat(body.served).isLessThan(2L << 20);
  }

  private static Endless endlessFile() {
    return new Endless(
        "--" + B + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"foo-1.0.tar.gz\"\r\n\r\n",
        "x");
  }

  @Test
  void headerLineThatNeverEndsStopsAtTheHeaderLimit() {
    Endless body = new Endless("--" + B + "\r\nContent-Disposition: form-data; name=\"name", "a");

    assertLimit(body, "maxPartHeaderBytes");
    assertThat(body.served).isLessThan(1L << 20);
  }

  @Test
  void headerLinesThatNeverEndStopAtTheHeaderLimit() {
    Endless body = new Endless("--" + B + "\r\n", "X-Padding: a\r\n");

    assertLimit(body, "maxPartHeaderBytes");
  }

  @Test
  void preambleThatNeverReachesABoundaryStopsAtTheHeaderLimit() {
    Endless body = new Endless("", "no boundary here\r\n");

    assertLimit(body, "maxPartHeaderBytes");
  }

  @Test
  void textFieldThatNeverEndsStopsAtTheFieldLimit() {
    Endless body =
        new Endless("--" + B + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n", "z");

    assertLimit(body, "maxFieldSize");
  }

  @Test
  void partsThatNeverEndStopAtThePartLimit() {
    Endless body =
        new Endless("", "--" + B + "\r\nContent-Disposition: form-data; name=\"classifiers\"\r\n\r\nC\r\n");

    assertLimit(body, "maxParts");
  }

  private static void assertLimit(Endless body, String setting) {
    assertLimit(body, setting, (filename, in) -> {});
  }

  private static void assertLimit(Endless body, String setting, ContentSink sink) {
    assertThatThrownBy(() -> UploadParser.create(LIMITS).parse(MultipartBody.contentType(), body, sink))
        .isInstanceOfSatisfying(
            UploadTooLargeException.class, e -> assertThat(e.setting()).isEqualTo(setting));
  }

  /** A prefix, then {@code unit} repeated forever; counts the bytes it served. */
  private static final class Endless extends InputStream {
    private final byte[] prefix;
    private final byte[] unit;
    private long served;

    Endless(String prefix, String unit) {
      this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
      this.unit = unit.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      return byteAt(served++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      for (int i = 0; i < len; i++) {
        b[off + i] = byteAt(served++);
      }
      return len;
    }

    private byte byteAt(long index) {
      return index < prefix.length ? prefix[(int) index] : unit[(int) ((index - prefix.length) % unit.length)];
    }
  }
}
