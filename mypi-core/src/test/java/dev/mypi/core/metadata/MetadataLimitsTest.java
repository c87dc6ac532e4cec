package dev.mypi.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetadataLimitsTest {

  @Test
  void defaultsAreTheDocumentedConstants() {
    MetadataLimits limits = MetadataLimits.defaults();

    assertThat(limits.maxMetadataBytes()).isEqualTo(1L << 20);
    assertThat(limits.maxEntries()).isEqualTo(100_000);
    assertThat(limits.maxCompressionRatio()).isEqualTo(100);
    assertThat(limits.compressionRatioThresholdBytes()).isEqualTo(1L << 20);
    assertThat(MetadataLimits.builder().build()).isEqualTo(limits);
  }

  @Test
  void toBuilderKeepsOtherSettings() {
    MetadataLimits limits = MetadataLimits.builder().maxEntries(10).build();

    MetadataLimits changed = limits.toBuilder().maxMetadataBytes(5).build();

    assertThat(changed.maxEntries()).isEqualTo(10);
    assertThat(changed.maxMetadataBytes()).isEqualTo(5);
    assertThat(changed).isNotEqualTo(limits);
  }

  @Test
  void builderRejectsNegativeValues() {
    assertThatThrownBy(() -> MetadataLimits.builder().maxMetadataBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMetadataBytes");
    assertThatThrownBy(() -> MetadataLimits.builder().maxEntries(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetadataLimits.builder().maxCompressionRatio(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetadataLimits.builder().compressionRatioThresholdBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
