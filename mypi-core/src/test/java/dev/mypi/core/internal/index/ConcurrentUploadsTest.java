package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.largeWheel;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: uploads of different projects do not serialise on a global lock. Only the small journal
 * append runs under the index's write lock; parsing, hashing, spooling and storing the file run in
 * parallel.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
class ConcurrentUploadsTest {
  private static final int UPLOADS = 16;
  private static final int PAYLOAD = 8 << 20;

  @TempDir Path spool;

  @Test
  void sixteenUploadsOfDifferentProjectsStoreTheirFilesConcurrently() throws Exception {
    RecordingStore store = new RecordingStore(InMemoryBlobStore.create());
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      String name = "concurrent-" + i;
      bodies.add(uploadBody(name, "1.0", wheelName(name, "1.0"), largeWheel(name, "1.0", PAYLOAD, i)));
    }

    ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
    List<Future<PublishResult>> results = new ArrayList<>();
    try {
      for (byte[] body : bodies) {
        results.add(pool.submit(() -> index.publish(CONTENT_TYPE, new ByteArrayInputStream(body))));
      }
      for (Future<PublishResult> result : results) {
        assertThat(result.get()).isEqualTo(PublishResult.CREATED);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.twoFilePutsOverlapped)
        .as("two puts of distribution files were in progress at the same time")
        .isTrue();
    assertThat(store.maxConcurrentFilePuts.get()).isGreaterThan(1);
    assertThat(index.serial()).isEqualTo(UPLOADS);
    assertThat(index.projects().projects()).hasSize(UPLOADS);
    System.out.printf(
        "ConcurrentUploadsTest: at most %d of %d file puts were in progress at once%n",
        store.maxConcurrentFilePuts.get(), UPLOADS);
  }

  /**
   * Delegates to a store and counts puts of distribution files in progress. The first such put
   * waits, inside {@code put}, for a second one to enter {@code put}: with a lock held around puts
   * the second could not, the wait would time out and the test fail.
   */
  private static final class RecordingStore implements BlobStore {
    private final BlobStore delegate;
    private final AtomicInteger inProgress = new AtomicInteger();
    final AtomicInteger maxConcurrentFilePuts = new AtomicInteger();
    private final CountDownLatch rendezvous = new CountDownLatch(2);
    volatile boolean twoFilePutsOverlapped;
    private final AtomicInteger arrivals = new AtomicInteger();

    RecordingStore(BlobStore delegate) {
      this.delegate = delegate;
    }

    private static boolean isDistributionFile(BlobKey key) {
      return key.toString().startsWith("files/") && !key.toString().endsWith(".metadata");
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
      if (!isDistributionFile(key)) {
        return delegate.put(key, data, options);
      }
      int now = inProgress.incrementAndGet();
      maxConcurrentFilePuts.accumulateAndGet(now, Math::max);
      try {
        int arrival = arrivals.incrementAndGet();
        rendezvous.countDown();
        if (arrival == 1) {
          // the first put waits, inside put, until a second one has entered put
          twoFilePutsOverlapped = rendezvous.await(30, TimeUnit.SECONDS);
        }
        return delegate.put(key, data, options);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } finally {
        inProgress.decrementAndGet();
      }
    }

    @Override
    public Optional<Blob> open(BlobKey key) throws IOException {
      return delegate.open(key);
    }

    @Override
    public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
      return delegate.open(key, range);
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) throws IOException {
      return delegate.stat(key);
    }

    @Override
    public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
      return delegate.list(prefix);
    }

    @Override
    public boolean delete(BlobKey key) throws IOException {
      return delegate.delete(key);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
