package dev.mypi.core.internal.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageBufferTest {
  @Test
  void growsPastItsInitialCapacityAndReturnsExactlyWhatWasWritten() {
    PageBuffer page = new PageBuffer(0);
    byte[] chunk = "0123456789".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 1_000; i++) {
      page.write(chunk, i % 10, 10 - i % 10);
      page.write('|');
    }
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      expected.append("0123456789", i % 10, 10).append('|');
    }

    assertThat(page.size()).isEqualTo(expected.length());
    assertThat(new String(page.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void aPageThatFillsItsBufferExactlyIsNotCopiedAndLaterWritesDoNotChangeIt() {
    PageBuffer page = new PageBuffer(4);
    page.write(new byte[] {1, 2, 3, 4}, 0, 4);
    byte[] first = page.toByteArray();

    assertThat(page.toByteArray()).isSameAs(first);
    page.write(5);
    assertThat(first).containsExactly(1, 2, 3, 4);
    assertThat(page.toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void rejectsAWriteOutsideTheGivenArray() {
    PageBuffer page = new PageBuffer(8);

    assertThatThrownBy(() -> page.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(page.size()).isZero();
  }
}
