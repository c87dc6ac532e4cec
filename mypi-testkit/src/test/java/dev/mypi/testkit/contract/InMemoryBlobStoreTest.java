package dev.mypi.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return InMemoryBlobStore.create();
  }

  @Test
  void stampsBlobsWithTheGivenClock() throws Exception {
    Instant now = Instant.parse("2024-05-01T12:00:00Z");
    try (InMemoryBlobStore store = InMemoryBlobStore.create(Clock.fixed(now, ZoneOffset.UTC))) {
      BlobInfo info = store.put(key("k"), new ByteArrayInputStream(bytes("x")), PutOptions.defaults());

      assertThat(info.lastModified()).isEqualTo(now);
      assertThat(info.etag()).isEqualTo("sha256:" + info.sha256().orElseThrow());
    }
  }

  @Test
  void refusesUseAfterClose() throws Exception {
    store.close();

    assertThatThrownBy(() -> store.stat(key("k"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.list(BlobKey.root())).isInstanceOf(IllegalStateException.class);
  }
}
