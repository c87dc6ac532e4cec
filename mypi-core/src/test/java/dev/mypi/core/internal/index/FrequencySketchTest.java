package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrequencySketchTest {
  @Test
  void neverEstimatesAKeyBelowItsCountAndRarelyAbove() {
    FrequencySketch sketch = new FrequencySketch(10_000);
    Random random = new Random(592);
    int[] counts = new int[10_000];
    int total = 0;
    while (total < sketch.sampleSize() - 16) { // no halving yet
      int key = random.nextInt(counts.length);
      if (counts[key] < 15) {
        counts[key]++;
        sketch.increment("project-" + key);
        total++;
      }
    }
    int exact = 0;
    for (int key = 0; key < counts.length; key++) {
      int estimate = sketch.frequency("project-" + key);
      assertThat(estimate).as("project-%d", key).isGreaterThanOrEqualTo(counts[key]);
      exact += estimate == counts[key] ? 1 : 0;
    }
    assertThat(exact).isGreaterThan(counts.length * 95 / 100);
  }

  @Test
  void countsUpToFifteen() {
    FrequencySketch sketch = new FrequencySketch(100);
    for (int i = 0; i < 40; i++) {
      sketch.increment("popular");
    }
    assertThat(sketch.frequency("popular")).isEqualTo(15);
    assertThat(sketch.frequency("never-asked-for")).isZero();
  }

  @Test
  void halvesEveryCountAfterTenIncrementsPerExpectedKey() {
    FrequencySketch sketch = new FrequencySketch(100);
    assertThat(sketch.sampleSize()).isEqualTo(1_000);
    for (int i = 0; i < 12; i++) {
      sketch.increment("old-favourite");
    }
    for (int i = 0; sketch.frequency("old-favourite") == 12; i++) {
      sketch.increment("other-" + (i % 90));
      assertThat(i).isLessThan(1_000);
    }
    assertThat(sketch.frequency("old-favourite")).isEqualTo(6);
  }
}
