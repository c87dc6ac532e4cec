package dev.mypi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
  @Test
  void gzipIsAcceptedWhenListedByPipAndUv() {
    assertThat(AcceptEncoding.allowsGzip("gzip, deflate")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("gzip, deflate, zstd")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("deflate,GZIP;q=0.5")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("br; q=1.0, gzip ; q=0.8")).isTrue();
  }

  @Test
  void gzipIsRefusedWhenAbsentOrWithQZero() {
    assertThat(AcceptEncoding.allowsGzip(null)).isFalse();
    assertThat(AcceptEncoding.allowsGzip("identity")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip; q=0.000, deflate")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("x-gzip")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzipped")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("*")).isFalse();
  }

  @Test
  void aNonZeroQThatStartsWithZeroStillAccepts() {
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0.1")).isTrue();
  }
}
