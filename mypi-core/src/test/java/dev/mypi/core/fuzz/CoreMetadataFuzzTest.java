package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.InvalidMetadataException;

/** {@link CoreMetadata#parse}: any bytes are metadata or an {@link InvalidMetadataException}. */
class CoreMetadataFuzzTest {
  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void parse(byte[] data) {
    CoreMetadata metadata;
    try {
      metadata = CoreMetadata.parse(data);
    } catch (InvalidMetadataException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(metadata.raw()).isEqualTo(data);
    assertThat(metadata.name()).isNotBlank();
  }
}
