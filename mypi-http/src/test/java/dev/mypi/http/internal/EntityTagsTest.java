package dev.mypi.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {
  @Test
  void ifNoneMatchHitsExactListedWeakAndStarTags() {
    assertThat(EntityTags.noneMatchHits("\"a\"", "\"a\"")).isTrue();
    assertThat(EntityTags.noneMatchHits("\"x\", \"a\"", "\"a\"")).isTrue();
    assertThat(EntityTags.noneMatchHits("W/\"a\"", "\"a\"")).isTrue();
    assertThat(EntityTags.noneMatchHits("*", "\"a\"")).isTrue();
    assertThat(EntityTags.noneMatchHits("\"b\"", "\"a\"")).isFalse();
    assertThat(EntityTags.noneMatchHits(null, "\"a\"")).isFalse();
  }

  @Test
  void ifRangeNeedsAStrongMatchOrTheExactDate() {
    assertThat(EntityTags.ifRangeHolds("\"a\"", "\"a\"", null)).isTrue();
    assertThat(EntityTags.ifRangeHolds("W/\"a\"", "\"a\"", null)).isFalse();
    assertThat(EntityTags.ifRangeHolds("\"b\"", "\"a\"", null)).isFalse();
    assertThat(
            EntityTags.ifRangeHolds(
                "Sat, 21 Nov 2026 10:00:00 GMT", "\"a\"", "Sat, 21 Nov 2026 10:00:00 GMT"))
        .isTrue();
  }
}
