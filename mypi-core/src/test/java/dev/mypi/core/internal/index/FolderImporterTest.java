package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.sha256;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
}
