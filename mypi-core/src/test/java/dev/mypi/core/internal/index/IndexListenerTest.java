package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.IndexListener;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.internal.storage.TimedBlobStore;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index reports page-cache hits and misses and timed storage calls to its {@link IndexListener}. */
class IndexListenerTest {
  @TempDir Path spool;

  private static final class Recorder implements IndexListener {
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger misses = new AtomicInteger();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void pageCacheHit() {
      hits.incrementAndGet();
    }

    @Override
    public void pageCacheMiss() {
      misses.incrementAndGet();
    }

    @Override
    public void storageCall(String operation, long nanos, boolean success) {
      assertThat(nanos).isNotNegative();
      calls.add(operation + (success ? "" : "!"));
    }
  }

  @Test
  void reportsPageCacheMissesThenHitsAndAMissAgainAfterAChange() throws IOException {
    Recorder recorder = new Recorder();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).listener(recorder).build()) {
      publish(index, "demo", "1.0");

      index.renderProject("demo", SimpleFormat.HTML_V1).orElseThrow();
      index.renderProject("demo", SimpleFormat.HTML_V1).orElseThrow();
      index.renderProject("demo", SimpleFormat.HTML_V1).orElseThrow();
      index.renderProjects(SimpleFormat.JSON_V1);
      index.renderProjects(SimpleFormat.JSON_V1);
      assertThat(recorder.misses).hasValue(2);
      assertThat(recorder.hits).hasValue(3);

      publish(index, "demo", "2.0");
      index.renderProject("demo", SimpleFormat.HTML_V1).orElseThrow();
      assertThat(recorder.misses).hasValue(3);
      assertThat(index.renderProject("nothing-here", SimpleFormat.HTML_V1)).isEmpty();
      assertThat(recorder.misses).hasValue(3);
    }
  }

  @Test
  void concurrentRequestsForAnUncachedRootPageRenderItOnce() throws Exception {
    Recorder recorder = new Recorder();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).listener(recorder).build()) {
      for (int i = 0; i < 20; i++) {
        publish(index, "demo-" + i, "1.0");
      }
      int clients = 16;
      CyclicBarrier start = new CyclicBarrier(clients);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<RenderedPage>> pages = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          pages.add(pool.submit(() -> {
            start.await();
            return index.renderProjects(SimpleFormat.HTML);
          }));
        }
        RenderedPage first = pages.get(0).get(30, TimeUnit.SECONDS);
        for (Future<RenderedPage> p : pages) {
          assertThat(p.get(30, TimeUnit.SECONDS)).isSameAs(first);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(recorder.misses).hasValue(1);
      assertThat(recorder.hits).hasValue(clients - 1);
    }
  }

  @Test
  void timesEveryStorageCallTheIndexMakes() throws IOException {
    Recorder recorder = new Recorder();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).listener(recorder).build()) {
      assertThat(recorder.calls).as("opening reads the journal").contains("open");
      recorder.calls.clear();

      publish(index, "demo", "1.0");
      assertThat(recorder.calls).as("the file, its .metadata and the journal entry").filteredOn("put"::equals).hasSizeGreaterThanOrEqualTo(3);
      recorder.calls.clear();

      index.openFile("demo", wheelName("demo", "1.0")).orElseThrow().close();
      assertThat(recorder.calls).containsExactly("open");
    }
  }

  @Test
  void reportsAFailedStorageCallAsUnsuccessful() {
    Recorder recorder = new Recorder();
    BlobStore timed = TimedBlobStore.wrap(InMemoryBlobStore.create(), recorder);
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk on fire");
          }
        };

    assertThatThrownBy(() -> timed.put(BlobKey.of("a/b"), broken, PutOptions.defaults())).isInstanceOf(IOException.class);
    assertThat(recorder.calls).containsExactly("put!");
  }

  @Test
  void theDefaultListenerLeavesTheStoreUnwrapped() {
    BlobStore store = InMemoryBlobStore.create();

    assertThat(TimedBlobStore.wrap(store, IndexListener.none())).isSameAs(store);
    assertThat(TimedBlobStore.wrap(store, new Recorder())).isNotSameAs(store);
  }

  private static void publish(ProjectIndex index, String name, String version) throws IOException {
    index.publish(CONTENT_TYPE, new ByteArrayInputStream(uploadBody(name, version, wheelName(name, version), wheel(name, version))));
  }
}
