package dev.mypi.core.internal.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UploadTimeFormatTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void formatsLikeJavaTimeForEdgeDates() {
    for (String s :
        new String[] {
          "0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
          "2000-02-29T12:34:56.000001Z", "2100-03-01T00:00:00Z", "2026-08-01T12:00:00.123456789Z",
          "9999-12-31T23:59:59.999999Z"
        }) {
      assertFormatsLikeReference(Instant.parse(s));
    }
  }

  @Test
  void formatsLikeJavaTimeForRandomInstants() {
    Random random = new Random(691);
    long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 5_000; i++) {
      long second = min + Math.floorMod(random.nextLong(), max - min + 1);
      assertFormatsLikeReference(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
    }
  }

  private static void assertFormatsLikeReference(Instant time) {
    char[] buffer = new char[32];
    int length = JsonPageRenderer.formatUploadTime(time, buffer);
    assertThat(new String(buffer, 0, length)).as(time.toString()).isEqualTo(REFERENCE.format(time));
  }
}
