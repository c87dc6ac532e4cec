package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code IndexBuilder.refreshInterval}: an index that follows another node writing to the same store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard
class RefreshIntervalTest {
  @TempDir Path spool;
  private InMemoryBlobStore store;
  private ProjectIndex writer;

  @BeforeEach
  void openWriter() throws IOException {
    store = InMemoryBlobStore.create();
    writer = ProjectIndex.builder(store).spoolDirectory(spool).build();
  }

  @AfterEach
  void closeWriter() throws IOException {
    writer.close();
  }

  private void publish(String name, String version) throws IOException {
    writer.publish(CONTENT_TYPE, new ByteArrayInputStream(uploadBody(name, version, wheelName(name, version), wheel(name, version))));
  }

  private ProjectIndex follower(Duration interval) throws IOException {
    return ProjectIndex.builder(store).spoolDirectory(spool).refreshInterval(interval).build();
  }

  private static List<Thread> refreshThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("mypi-index-refresh") && t.isAlive()).toList();
  }

  @Test
  void aFollowerSeesANewVersionUploadedThroughAnotherNodeWithoutBeingAsked() throws Exception {
    publish("foo", "1.0");
    try (ProjectIndex follower = follower(Duration.ofMillis(20))) {
      publish("foo", "2.0"); // the project exists there: no miss, only the periodic refresh helps

      while (follower.serial() < writer.serial()) {
        Thread.sleep(10);
      }

      assertThat(follower.project("foo").orElseThrow().versions()).containsExactly("1.0", "2.0");
    }
  }

  @Test
  void aReadOfAProjectOrFileTheFollowerDoesNotKnowCatchesUpBeforeAnsweringNotFound() throws IOException {
    try (ProjectIndex follower = follower(Duration.ofHours(1))) { // the periodic refresh never comes
      publish("bar", "1.0");

      assertThat(follower.renderProject("bar", SimpleFormat.JSON_V1)).isPresent();
      publish("baz", "1.0");
      assertThat(follower.file("baz", wheelName("baz", "1.0"))).isPresent();
      assertThat(follower.project("never-uploaded")).isEmpty();
    }
  }

  @Test
  void withoutARefreshIntervalAnIndexSeesOtherWritersOnlyWhenAskedToRefresh() throws IOException {
    try (ProjectIndex plain = ProjectIndex.builder(store).spoolDirectory(spool).build()) {
      publish("bar", "1.0");

      assertThat(plain.project("bar")).isEmpty();
      ((StoredProjectIndex) plain).refresh();
      assertThat(plain.project("bar")).isPresent();
    }
  }

  @Test
  void closeStopsTheRefreshThread() throws Exception {
    ProjectIndex follower = follower(Duration.ofMillis(10));
    List<Thread> running = refreshThreads();
    assertThat(running).isNotEmpty();

    follower.close();

    for (Thread t : running) {
      t.join(10_000); // a terminated executor's worker exits right after it signals termination
    }
    assertThat(running).noneMatch(Thread::isAlive);
  }

  @Test
  void rejectsAZeroOrNegativeInterval() {
    assertThatThrownBy(() -> ProjectIndex.builder(store).refreshInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProjectIndex.builder(store).refreshInterval(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
