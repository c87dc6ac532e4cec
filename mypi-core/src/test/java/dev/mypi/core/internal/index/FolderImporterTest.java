package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.sha256;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderImporterTest {
  @TempDir Path spool;
  private final InMemoryBlobStore store = InMemoryBlobStore.create();
  private final byte[] fooWheel = wheel("foo", "1.0");

  @BeforeEach
  void putADistributionOutsideTheIndex() throws IOException {
    store.put(BlobKey.of("packages/foo-1.0-py3-none-any.whl"), new ByteArrayInputStream(fooWheel), PutOptions.defaults());
  }

  private List<String> storeKeys() throws IOException {
    try (Stream<BlobInfo> all = store.list(BlobKey.root())) {
      return all.map(info -> info.key().toString()).sorted().toList();
    }
  }

  @Test
  void indexesDistributionsFoundInTheStore() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();

    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(fooWheel));
  }

  @Test
  void importCanBeTurnedOff() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).importUnindexedFiles(false).build();

    assertThat(index.serial()).isZero();
    assertThat(index.projects().projects()).isEmpty();
  }

  @Test
  void identicalUploadOfAnImportedFileAlreadyExistedAndLeavesNoCopy() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();
    List<String> keys = storeKeys();
    byte[] body = uploadBody("foo", "1.0", "foo-1.0-py3-none-any.whl", fooWheel);

    assertThat(index.publish(CONTENT_TYPE, new ByteArrayInputStream(body))).isEqualTo(PublishResult.ALREADY_EXISTED);

    assertThat(index.serial()).isEqualTo(1);
    assertThat(storeKeys()).isEqualTo(keys);
  }

  @Test
  void backgroundImportLetsTheIndexAnswerBeforeTheStoreIsListed() throws Exception {
    GatedListing gated = new GatedListing(store);

    try (ProjectIndex index = ProjectIndex.builder(gated).spoolDirectory(spool).importInBackground(Duration.ZERO).build()) {
      // the listing of the whole store has not even started: the index answers from its records
      assertThat(index.serial()).isZero();
      assertThat(index.file("foo", "foo-1.0-py3-none-any.whl")).isEmpty();

      gated.release.countDown();
      ((StoredProjectIndex) index).awaitBackgroundImport();

      assertThat(index.serial()).isEqualTo(1);
      assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(fooWheel));
    }
  }

  @Test
  void backgroundImportIsRecordedLikeAnImportOnOpen() throws Exception {
    try (ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).importInBackground(Duration.ZERO).build()) {
      ((StoredProjectIndex) index).awaitBackgroundImport();
    }

    ProjectIndex reopened = ProjectIndex.builder(store).spoolDirectory(spool).importUnindexedFiles(false).build();
    assertThat(reopened.serial()).isEqualTo(1);
    assertThat(reopened.file("foo", "foo-1.0-py3-none-any.whl")).isPresent();
  }

  @Test
  void closingBeforeTheDelayedImportBeganRecordsNothing() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).importInBackground(Duration.ofDays(1)).build();

    index.close();

    assertThat(index.serial()).isZero();
    assertThat(ProjectIndex.builder(store).spoolDirectory(spool).build().serial()).isEqualTo(1);
  }

  @Test
  void stoppedImportRecordsNothingMoreAndTheNextOpenGoesOn() throws IOException {
    StoredProjectIndex index = (StoredProjectIndex) ProjectIndex.builder(store).spoolDirectory(spool).importUnindexedFiles(false).build();
    FolderImporter importer = new FolderImporter(index, index.settings());

    importer.close();
    importer.importUnindexed();

    assertThat(index.serial()).isZero();
    assertThat(ProjectIndex.builder(store).spoolDirectory(spool).build().serial()).isEqualTo(1);
  }

  private void putWheels(String... names) throws IOException {
    for (String name : names) {
      store.put(BlobKey.of("packages/" + name + "-1.0-py3-none-any.whl"), new ByteArrayInputStream(wheel(name, "1.0")), PutOptions.defaults());
    }
  }

  private static boolean isMetadataOf(BlobKey key, String name) {
    return key.toString().startsWith("files/" + name + "/") && key.toString().endsWith(".metadata");
  }

  private StoredProjectIndex openWithoutImport(BlobStore s) throws IOException {
    return (StoredProjectIndex) ProjectIndex.builder(s).spoolDirectory(spool).importUnindexedFiles(false).build();
  }

  private String journalEntry(long serial) throws IOException {
    try (Blob blob = store.open(BlobKey.of(String.format("_mypi/journal/%020d.json", serial))).orElseThrow();
        InputStream in = blob.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void journalListsTheFilesOfABatchInListingOrderWhateverOrderTheyFinishIn() throws IOException {
    putWheels("bar", "baz", "zap");
    CountDownLatch lastStored = new CountDownLatch(1);
    List<String> storedInOrder = new CopyOnWriteArrayList<>();
    HookedStore lastFirst =
        new HookedStore(store) {
          @Override
          void beforePut(BlobKey key) {
            if (isMetadataOf(key, "bar")) {
              awaitQuietly(lastStored); // the first file listed is the last to finish
            }
            storedInOrder.add(key.name());
            if (isMetadataOf(key, "zap")) {
              lastStored.countDown();
            }
          }
        };
    StoredProjectIndex index = openWithoutImport(lastFirst);

    new FolderImporter(index, index.settings(), 4).importUnindexed();

    assertThat(storedInOrder.indexOf("zap-1.0-py3-none-any.whl.metadata"))
        .isLessThan(storedInOrder.indexOf("bar-1.0-py3-none-any.whl.metadata"));
    assertThat(index.serial()).isEqualTo(1);
    String entry = journalEntry(1);
    assertThat(entry)
        .containsSubsequence(
            "\"packages/bar-1.0-py3-none-any.whl\"",
            "\"packages/baz-1.0-py3-none-any.whl\"",
            "\"packages/foo-1.0-py3-none-any.whl\"",
            "\"packages/zap-1.0-py3-none-any.whl\"");
  }

  @Test
  void aFileThatCannotBeReadCostsOnlyThatFile() throws IOException {
    putWheels("bar", "baz", "zap");
    HookedStore failing =
        new HookedStore(store) {
          @Override
          void beforeOpen(BlobKey key) throws IOException {
            if (key.name().startsWith("bar-")) {
              throw new IOException("disk read error");
            }
          }

          @Override
          void beforePut(BlobKey key) {
            if (isMetadataOf(key, "zap")) {
              throw new IllegalStateException("unexpected store failure");
            }
          }
        };
    StoredProjectIndex index = openWithoutImport(failing);

    new FolderImporter(index, index.settings(), 4).importUnindexed();

    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.file("baz", "baz-1.0-py3-none-any.whl")).isPresent();
    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl")).isPresent();
    assertThat(index.file("bar", "bar-1.0-py3-none-any.whl")).isEmpty();
    assertThat(index.file("zap", "zap-1.0-py3-none-any.whl")).isEmpty();
    // nothing was recorded for them, so the next open reads them again
    ProjectIndex reopened = ProjectIndex.builder(store).spoolDirectory(spool).build();
    assertThat(reopened.serial()).isEqualTo(2);
    assertThat(reopened.file("bar", "bar-1.0-py3-none-any.whl")).isPresent();
    assertThat(reopened.file("zap", "zap-1.0-py3-none-any.whl")).isPresent();
  }

  @Test
  void secondCopyOfAFilenameIsSkippedWhenTheFirstIsIndexed() throws IOException {
    store.put(BlobKey.of("zzz/foo-1.0-py3-none-any.whl"), new ByteArrayInputStream(wheel("foo", "1.0", "other = 1\n")), PutOptions.defaults());

    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();

    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(fooWheel));
    assertThat(ProjectIndex.builder(store).spoolDirectory(spool).build().serial()).isEqualTo(1);
  }

  @Test
  void secondCopyOfAFilenameIsIndexedWhenTheFirstCannotBeRead() throws IOException {
    byte[] other = wheel("foo", "1.0", "other = 1\n");
    store.put(BlobKey.of("zzz/foo-1.0-py3-none-any.whl"), new ByteArrayInputStream(other), PutOptions.defaults());
    HookedStore firstUnreadable =
        new HookedStore(store) {
          @Override
          void beforeOpen(BlobKey key) throws IOException {
            if (key.toString().equals("packages/foo-1.0-py3-none-any.whl")) {
              throw new IOException("disk read error");
            }
          }
        };

    ProjectIndex index = ProjectIndex.builder(firstUnreadable).spoolDirectory(spool).build();

    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(other));
  }

  @Test
  void closeDuringABatchRecordsTheFilesBeingReadAndLeavesTheRestForTheNextOpen() throws Exception {
    putWheels("bar", "baz", "qux", "zap");
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch proceed = new CountDownLatch(1);
    HookedStore gated =
        new HookedStore(store) {
          @Override
          void beforePut(BlobKey key) {
            if (isMetadataOf(key, "bar") || isMetadataOf(key, "baz")) {
              bothStarted.countDown();
              awaitQuietly(proceed);
            }
          }
        };
    StoredProjectIndex index = openWithoutImport(gated);
    FolderImporter importer = new FolderImporter(index, index.settings(), 2);
    importer.startInBackground(Duration.ZERO);
    awaitQuietly(bothStarted); // both workers are inside a put; foo, qux and zap wait in the queue

    importer.requestStop();
    proceed.countDown();
    importer.close();

    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.projects().projects()).extracting(p -> p.name().normalized()).containsExactly("bar", "baz");
    for (String name : List.of("bar", "baz")) {
      String metadataKey = index.state(name).orElseThrow().files().values().iterator().next().metadataKey();
      assertThat(store.stat(BlobKey.of(Objects.requireNonNull(metadataKey)))).isPresent();
    }
    assertThat(storeKeys()).noneMatch(k -> k.endsWith(".metadata") && !k.startsWith("files/bar/") && !k.startsWith("files/baz/"));
    ProjectIndex reopened = ProjectIndex.builder(store).spoolDirectory(spool).build();
    assertThat(reopened.serial()).isEqualTo(2);
    assertThat(reopened.projects().projects()).hasSize(5);
  }

  /** A store whose listings wait until {@link #release} is counted down. */
  private static final class GatedListing extends HookedStore {
    final CountDownLatch release = new CountDownLatch(1);

    GatedListing(BlobStore delegate) {
      super(delegate);
    }

    @Override
    void beforeList(BlobKey prefix) throws IOException {
      if (prefix.isRoot()) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  /** A store that passes every call to another after a hook that a test overrides. */
  private static class HookedStore implements BlobStore {
    private final BlobStore delegate;

    HookedStore(BlobStore delegate) {
      this.delegate = delegate;
    }

    void beforeList(BlobKey prefix) throws IOException {}

    void beforeOpen(BlobKey key) throws IOException {}

    void beforePut(BlobKey key) throws IOException {}

    @Override
    public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
      beforeList(prefix);
      return delegate.list(prefix);
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
      beforePut(key);
      return delegate.put(key, data, options);
    }

    @Override
    public Optional<Blob> open(BlobKey key) throws IOException {
      beforeOpen(key);
      return delegate.open(key);
    }

    @Override
    public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
      beforeOpen(key);
      return delegate.open(key, range);
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) throws IOException {
      return delegate.stat(key);
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

  /** Waits for {@code latch}; a test that breaks fails on its assertions instead of hanging. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
