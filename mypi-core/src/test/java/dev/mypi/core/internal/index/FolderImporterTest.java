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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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

  /** A store whose listings wait until {@link #release} is counted down. */
  private static final class GatedListing implements BlobStore {
    final CountDownLatch release = new CountDownLatch(1);
    private final BlobStore delegate;

    GatedListing(BlobStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
      if (prefix.isRoot()) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException(new IOException("interrupted"));
        }
      }
      return delegate.list(prefix);
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
      return delegate.put(key, data, options);
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
    public boolean delete(BlobKey key) throws IOException {
      return delegate.delete(key);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
