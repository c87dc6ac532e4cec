package dev.mypi.core.internal.upload;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MultipartReader}'s delimiter search against the obvious one ({@code String.indexOf}) on
 * bodies whose parts are made of the boundary's own bytes, so that nearly every sampled byte is a
 * candidate and every start offset of a near-delimiter occurs.
 */
class MultipartReaderTest {
  private static final String BOUNDARY_CHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";

  @Test
  void splitsPartsExactlyWhereTheNaiveSearchFindsTheDelimiter() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 3_000; round++) {
      String boundary = boundary(random);
      String delimiter = "\n--" + boundary;
      List<byte[]> parts = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      while (parts.size() < count) {
        byte[] content = nearDelimiters(random, delimiter);
        if (!new String(content, ISO_8859_1).contains(delimiter)) {
          parts.add(content); // content holding a whole delimiter cannot be sent in a part
        }
      }
      byte[] body = body(boundary, parts);
      int maxRead = 1 + random.nextInt(2 * delimiter.length() + 300);

      List<byte[]> read = readParts(chunked(body, random, maxRead), boundary);

      assertThat(read).as("round %d, boundary %s", round, boundary).hasSameSizeAs(parts);
      for (int i = 0; i < parts.size(); i++) {
        assertThat(read.get(i)).as("round %d, part %d", round, i).isEqualTo(parts.get(i));
      }
    }
  }

  @Test
  void findsADelimiterAtEveryOffsetOfTheBuffer() throws IOException {
    String boundary = "0123456789abcdef0123456789abcdef";
    for (int size = 0; size < 300; size++) {
      byte[] content = new byte[size];
      java.util.Arrays.fill(content, (byte) '-');

      List<byte[]> read =
          readParts(new ByteArrayInputStream(body(boundary, List.of(content))), boundary);

      assertThat(read).singleElement().isEqualTo(content);
    }
  }

  private static String boundary(SplittableRandom random) {
    int length = 1 + random.nextInt(70);
    StringBuilder b = new StringBuilder(length);
    // a narrow alphabet makes repetitive boundaries ("----", "abab") common
    int alphabet = random.nextBoolean() ? 2 : BOUNDARY_CHARS.length();
    int first = random.nextInt(BOUNDARY_CHARS.length() - alphabet + 1);
    for (int i = 0; i < length; i++) {
      b.append(BOUNDARY_CHARS.charAt(first + random.nextInt(alphabet)));
    }
    return b.toString();
  }

  /** Bytes of the delimiter, prefixes and suffixes of it, line ends and now and then noise. */
  private static byte[] nearDelimiters(SplittableRandom random, String delimiter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pieces = random.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(5)) {
        case 0 -> out.writeBytes(delimiter.substring(0, random.nextInt(delimiter.length())).getBytes(ISO_8859_1));
        case 1 -> out.writeBytes(delimiter.substring(1 + random.nextInt(delimiter.length() - 1)).getBytes(ISO_8859_1));
        case 2 -> out.writeBytes(random.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\r'});
        case 3 -> {
          for (int k = random.nextInt(20); k > 0; k--) {
            out.write(delimiter.charAt(random.nextInt(delimiter.length())));
          }
        }
        default -> {
          byte[] noise = new byte[random.nextInt(200)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] body(String boundary, List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.size(); i++) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"p" + i + "\"\r\n\r\n").getBytes(ISO_8859_1));
      out.writeBytes(parts.get(i));
      out.writeBytes("\r\n".getBytes(ISO_8859_1));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(ISO_8859_1));
    return out.toByteArray();
  }

  private static InputStream chunked(byte[] body, SplittableRandom random, int maxRead) {
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(maxRead)));
      }
    };
  }

  private static List<byte[]> readParts(InputStream in, String boundary) throws IOException {
    MultipartReader reader = new MultipartReader(in, boundary);
    reader.skipPreamble(1024);
    List<byte[]> parts = new ArrayList<>();
    while (!reader.readDelimiterSuffix()) {
      reader.readHeaders(1024);
      parts.add(reader.body().readAllBytes());
    }
    return parts;
  }
}
