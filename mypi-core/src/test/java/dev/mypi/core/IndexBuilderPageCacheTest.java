package dev.mypi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.storage.InMemoryBlobStore;
import org.junit.jupiter.api.Test;

class IndexBuilderPageCacheTest {
  private static final long MIB = 1L << 20;

  @Test
  void defaultPageCacheIsAnEighthOfTheHeapBetween4And64MiB() {
    assertThat(IndexBuilder.defaultPageCacheSize(200 * MIB)).isEqualTo(25 * MIB);
    assertThat(IndexBuilder.defaultPageCacheSize(16 * MIB)).isEqualTo(4 * MIB);
    assertThat(IndexBuilder.defaultPageCacheSize(4096 * MIB)).isEqualTo(64 * MIB);
  }

  @Test
  void negativePageCacheSizeIsRejected() {
    assertThatThrownBy(() -> ProjectIndex.builder(InMemoryBlobStore.create()).pageCacheSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageCacheSize");
  }
}
