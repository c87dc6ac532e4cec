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
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index reports page-cache hits and misses and timed storage calls to its {@link IndexListener},
 * and what it finds or renders for a caller that must not wait.
 */
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
  void cachedPagesAreOnlyTheCurrentRenderingsAndNeverRenderAnything() throws IOException {
    Recorder recorder = new Recorder();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).listener(recorder).build()) {
      publish(index, "demo", "1.0");
      assertThat(index.cachedProject("demo", SimpleFormat.JSON_V1)).isEmpty();
      assertThat(index.cachedProjects(SimpleFormat.JSON_V1)).isEmpty();
      assertThat(recorder.misses).hasValue(0);

      RenderedPage page = index.renderProject("demo", SimpleFormat.JSON_V1).orElseThrow();
      RenderedPage root = index.renderProjects(SimpleFormat.JSON_V1);
      assertThat(index.cachedProject("demo", SimpleFormat.JSON_V1)).containsSame(page);
      assertThat(index.cachedProjects(SimpleFormat.JSON_V1)).containsSame(root);
      assertThat(index.cachedProject("demo", SimpleFormat.HTML_V1)).as("another format").isEmpty();
      assertThat(index.cachedProject("nothing-here", SimpleFormat.JSON_V1)).isEmpty();
      assertThat(recorder.hits).hasValue(2);

      publish(index, "demo", "2.0");
      assertThat(index.cachedProject("demo", SimpleFormat.JSON_V1)).as("stale after a change").isEmpty();
      assertThat(index.cachedProjects(SimpleFormat.JSON_V1)).isEmpty();
      assertThat(recorder.misses).hasValue(2);
    }
  }

  @Test
  void renderingWithoutWaitingRendersSmallProjectsOnlyAndCachesWhatItRenders() throws IOException {
    Recorder recorder = new Recorder();
    try (ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).listener(recorder).build()) {
      publish(index, "demo", "1.0");
      for (int i = 0; i <= StoredProjectIndex.INLINE_RENDER_MAX_FILES; i++) {
        publish(index, "big", "1." + i);
      }

      RenderedPage page = index.renderProjectWithoutWaiting("demo", SimpleFormat.JSON_V1).orElseThrow();
      assertThat(recorder.misses).hasValue(1);
      assertThat(page.toByteArray()).isEqualTo(index.project("demo").map(p -> render(p, SimpleFormat.JSON_V1)).orElseThrow());
      assertThat(index.cachedProject("demo", SimpleFormat.JSON_V1)).containsSame(page);
      assertThat(index.renderProjectWithoutWaiting("demo", SimpleFormat.JSON_V1)).containsSame(page);
      assertThat(index.renderProject("demo", SimpleFormat.JSON_V1)).containsSame(page);
      assertThat(recorder.misses).hasValue(1);

      assertThat(index.renderProjectWithoutWaiting("big", SimpleFormat.JSON_V1)).as("too many files").isEmpty();
      assertThat(index.renderProjectWithoutWaiting("nothing-here", SimpleFormat.JSON_V1)).isEmpty();
      assertThat(recorder.misses).hasValue(1);
      RenderedPage big = index.renderProject("big", SimpleFormat.JSON_V1).orElseThrow();
      assertThat(index.renderProjectWithoutWaiting("big", SimpleFormat.JSON_V1)).as("once rendered elsewhere").containsSame(big);

      publish(index, "demo", "2.0");
      RenderedPage changed = index.renderProjectWithoutWaiting("demo", SimpleFormat.JSON_V1).orElseThrow();
      assertThat(new String(changed.toByteArray(), StandardCharsets.UTF_8)).contains("demo-2.0");
      assertThat(changed.etag()).isNotEqualTo(page.etag());
    }
  }

  private static byte[] render(ProjectPage page, SimpleFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PageRenderer.forFormat(format).render(page, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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
  void passesAFilePutToTheWrappedStoresOwnFilePut() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    BlobStore memory = InMemoryBlobStore.create();
    BlobStore linking =
        new ForwardingStore(memory) {
          @Override
          public BlobInfo put(BlobKey key, Path file, PutOptions options) throws IOException {
            received.add("file " + file.getFileName());
            return memory.put(key, file, options);
          }

          @Override
          public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
            received.add("stream");
            return super.put(key, data, options);
          }
        };
    Recorder recorder = new Recorder();
    Path file = Files.write(spool.resolve("upload.part"), new byte[] {1, 2, 3});

    TimedBlobStore.wrap(linking, recorder).put(BlobKey.of("a/b"), file, PutOptions.defaults());

    assertThat(received).as("the store may link the file instead of copying it").containsExactly("file upload.part");
    assertThat(recorder.calls).containsExactly("put");
  }

  /** A store that passes every call to another; the default {@code put(key, Path, ...)} streams. */
  private static class ForwardingStore implements BlobStore {
    private final BlobStore store;

    ForwardingStore(BlobStore store) {
      this.store = store;
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
      return store.put(key, data, options);
    }

    @Override
    public Optional<Blob> open(BlobKey key) throws IOException {
      return store.open(key);
    }

    @Override
    public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
      return store.open(key, range);
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) throws IOException {
      return store.stat(key);
    }

    @Override
    public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
      return store.list(prefix);
    }

    @Override
    public boolean delete(BlobKey key) throws IOException {
      return store.delete(key);
    }

    @Override
    public void close() {}
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
