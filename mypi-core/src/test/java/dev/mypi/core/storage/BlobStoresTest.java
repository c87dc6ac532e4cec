package dev.mypi.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobStoresTest {
  @Test
  void findsTheMemoryProviderThroughServiceLoader() throws Exception {
    assertThat(BlobStores.providers()).containsKey("memory");
    try (BlobStore store = BlobStores.create("memory", Map.of())) {
      assertThat(store).isInstanceOf(InMemoryBlobStore.class);
    }
  }

  @Test
  void rejectsUnknownTypeNamingTheKnownOnes() {
    assertThatThrownBy(() -> BlobStores.create("s4", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown storage type 's4'; known: [")
        .hasMessageContaining("memory");
  }

  @Test
  void memoryProviderRejectsConfiguration() {
    assertThatThrownBy(() -> BlobStores.create("memory", Map.of("root", "/tmp")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root");
  }
}
