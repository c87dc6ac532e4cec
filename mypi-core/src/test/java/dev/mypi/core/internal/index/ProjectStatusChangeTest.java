package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.IndexBuilder;
import dev.mypi.core.NotFoundException;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.ProjectStatusException;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProjectIndex#setStatus}: the PEP 792 marker, its effect on uploads and files, and its journal record. */
class ProjectStatusChangeTest {
  @TempDir Path spool;
  private InMemoryBlobStore store;

  @BeforeEach
  void createStore() {
    store = InMemoryBlobStore.create();
  }

  private IndexBuilder builder() {
    return ProjectIndex.builder(store).spoolDirectory(spool);
  }

  private static void publishWheel(ProjectIndex index, String name, String version) throws IOException {
    byte[] body = uploadBody(name, version, wheelName(name, version), wheel(name, version));
    index.publish(CONTENT_TYPE, new ByteArrayInputStream(body));
  }

  private static String json(ProjectIndex index, String project) {
    return new String(index.renderProject(project, SimpleFormat.JSON_V1).orElseThrow().toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void archivedProjectShowsItsStatusAndReasonAndRefusesUploads() throws IOException {
    try (ProjectIndex index = builder().build()) {
      publishWheel(index, "foo", "1.0");

      index.setStatus("foo", ProjectStatus.ARCHIVED, "moved to bar");

      ProjectPage page = index.project("foo").orElseThrow();
      assertThat(page.status()).isEqualTo(ProjectStatus.ARCHIVED);
      assertThat(page.statusReason()).contains("moved to bar");
      assertThat(page.files()).hasSize(1);
      assertThat(json(index, "foo")).contains("\"archived\"").contains("moved to bar");
      assertThatThrownBy(() -> publishWheel(index, "foo", "2.0"))
          .isInstanceOf(ProjectStatusException.class)
          .hasMessageContaining("archived");
    }
  }

  @Test
  void quarantinedProjectOffersNoFilesAndActiveRestoresThem() throws IOException {
    try (ProjectIndex index = builder().build()) {
      publishWheel(index, "foo", "1.0");

      index.setStatus("foo", ProjectStatus.QUARANTINED, null);

      assertThat(index.file("foo", wheelName("foo", "1.0"))).isEmpty();
      assertThat(index.openFile("foo", wheelName("foo", "1.0"))).isEmpty();
      assertThat(json(index, "foo")).contains("quarantined");

      index.setStatus("foo", ProjectStatus.ACTIVE, "ignored for active");

      assertThat(index.project("foo").orElseThrow().status()).isEqualTo(ProjectStatus.ACTIVE);
      assertThat(index.project("foo").orElseThrow().statusReason()).isEmpty();
      assertThat(index.file("foo", wheelName("foo", "1.0"))).isPresent();
    }
  }

  @Test
  void statusChangeIsJournaledAndSurvivesRestartWithAndWithoutSnapshot() throws IOException {
    try (ProjectIndex index = builder().build()) {
      publishWheel(index, "foo", "1.0");
      index.setStatus("foo", ProjectStatus.DEPRECATED, "use bar");
      assertThat(index.serial()).isEqualTo(2);
    } // close writes a snapshot at serial 2
    String entry;
    try (InputStream in = store.open(BlobKey.of(String.format("_mypi/journal/%020d.json", 2))).orElseThrow().openStream()) {
      entry = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(entry).contains("\"action\":\"set-status\"").contains("\"status\":\"deprecated\"").contains("\"reason\":\"use bar\"");

    try (ProjectIndex reopened = builder().build()) { // from the snapshot
      assertThat(reopened.project("foo").orElseThrow().status()).isEqualTo(ProjectStatus.DEPRECATED);
      assertThat(reopened.project("foo").orElseThrow().statusReason()).contains("use bar");
    }
    store.delete(BlobKey.of(String.format("_mypi/snapshots/%020d.json", 2)));
    store.delete(BlobKey.of(String.format("_mypi/snapshots/%020d.bin", 2)));
    try (ProjectIndex replayed = builder().build()) { // from the journal alone
      assertThat(replayed.project("foo").orElseThrow().status()).isEqualTo(ProjectStatus.DEPRECATED);
    }
  }

  @Test
  void settingTheStatusOfAnUnknownProjectFails() throws IOException {
    try (ProjectIndex index = builder().build()) {
      assertThatThrownBy(() -> index.setStatus("nope", ProjectStatus.ARCHIVED, null))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("'nope'");
      assertThat(index.serial()).isZero();
    }
  }
}
