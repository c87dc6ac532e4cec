package dev.mypi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.http.internal.ByteRangeRequest.Outcome;
import org.junit.jupiter.api.Test;

class ByteRangeRequestTest {
  @Test
  void noHeaderServesEverything() {
    assertThat(ByteRangeRequest.resolve(null, 100).outcome()).isEqualTo(Outcome.FULL);
  }

  @Test
  void closedRangeIsServedExactly() {
    ByteRangeRequest r = ByteRangeRequest.resolve("bytes=10-19", 100);
    assertThat(r.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(r.offset()).isEqualTo(10);
    assertThat(r.length()).isEqualTo(10);
    assertThat(r.contentRange(100)).isEqualTo("bytes 10-19/100");
  }

  @Test
  void openRangeRunsToTheEnd() {
    ByteRangeRequest r = ByteRangeRequest.resolve("bytes=90-", 100);
    assertThat(r.contentRange(100)).isEqualTo("bytes 90-99/100");
  }

  @Test
  void suffixRangeServesTheLastBytesAsPoetryAsks() {
    ByteRangeRequest r = ByteRangeRequest.resolve("bytes=-30", 100);
    assertThat(r.contentRange(100)).isEqualTo("bytes 70-99/100");
    assertThat(ByteRangeRequest.resolve("bytes=-1000", 100).contentRange(100)).isEqualTo("bytes 0-99/100");
  }

  @Test
  void endPastTheLengthIsClipped() {
    assertThat(ByteRangeRequest.resolve("bytes=50-5000", 100).contentRange(100)).isEqualTo("bytes 50-99/100");
  }

  @Test
  void startPastTheEndIsUnsatisfiable() {
    ByteRangeRequest r = ByteRangeRequest.resolve("bytes=100-", 100);
    assertThat(r.outcome()).isEqualTo(Outcome.UNSATISFIABLE);
    assertThat(r.contentRange(100)).isEqualTo("bytes */100");
    assertThat(ByteRangeRequest.resolve("bytes=-0", 100).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
  }

  @Test
  void malformedOrMultipleRangesAreIgnored() {
    assertThat(ByteRangeRequest.resolve("items=0-1", 100).outcome()).isEqualTo(Outcome.FULL);
    assertThat(ByteRangeRequest.resolve("bytes=5-1", 100).outcome()).isEqualTo(Outcome.FULL);
    assertThat(ByteRangeRequest.resolve("bytes=0-1,5-6", 100).outcome()).isEqualTo(Outcome.FULL);
    assertThat(ByteRangeRequest.resolve("bytes=a-b", 100).outcome()).isEqualTo(Outcome.FULL);
  }
}
