package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.ForbiddenException;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.UploadPermission;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project owners: recorded from the uploader, checked atomically with the commit, kept across restarts. */
class UploadOwnershipTest {
  @TempDir Path spool;
  private InMemoryBlobStore store;
  private StoredProjectIndex index;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @BeforeEach
  void openIndex() throws IOException {
    store = InMemoryBlobStore.create();
    index = open();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private StoredProjectIndex open() throws IOException {
    return (StoredProjectIndex) ProjectIndex.builder(store).spoolDirectory(spool).build();
  }

  /** The rule the HTTP layer's default authorizer applies: a project is open until it has an owner, then only its owners. */
  private static UploadPermission ownerRule(String user) {
    return UploadPermission.of(
        user,
        (project, exists, owners) -> {
          if (!owners.isEmpty() && !owners.contains(user)) {
            throw new ForbiddenException("'" + user + "' may not upload to '" + project + "'");
          }
        });
  }

  private static PublishResult publish(ProjectIndex index, String name, String version, UploadPermission permission) throws IOException {
    byte[] body = uploadBody(name, version, wheelName(name, version), wheel(name, version));
    return index.publish(CONTENT_TYPE, new ByteArrayInputStream(body), permission);
  }

  private List<String> fileKeys() throws IOException {
    try (Stream<BlobInfo> list = store.list(BlobKey.of("files"))) {
      return list.map(info -> info.key().toString()).sorted().toList();
    }
  }

  private JsonNode journalEntry(long serial) throws IOException {
    try (Blob blob = store.open(BlobKey.of(String.format("_mypi/journal/%020d.json", serial))).orElseThrow();
        InputStream in = blob.openStream()) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void firstAuthenticatedUploaderOwnsANewProject() throws IOException {
    publish(index, "foo", "1.0", ownerRule("alice"));

    assertThat(index.owners("foo")).containsExactly("alice");
  }

  @Test
  void uploaderIsRecordedInTheAddFileJournalEntry() throws IOException {
    publish(index, "foo", "1.0", ownerRule("alice"));

    assertThat(journalEntry(1).get("action").asText()).isEqualTo("add-file");
    assertThat(journalEntry(1).get("uploader").asText()).isEqualTo("alice");
  }

  @Test
  void anonymousUploadsRecordNoUploaderAndNoOwner() throws IOException {
    publish(index, "foo", "1.0", UploadPermission.anyone());
    index.publish(CONTENT_TYPE, new ByteArrayInputStream(uploadBody("foo", "2.0", wheelName("foo", "2.0"), wheel("foo", "2.0"))));

    assertThat(index.owners("foo")).isEmpty();
    assertThat(journalEntry(1).has("uploader")).isFalse();
  }

  @Test
  void anotherUsersUploadToAnOwnedProjectIsForbiddenAndStoresNothing() throws IOException {
    publish(index, "foo", "1.0", ownerRule("alice"));
    List<String> before = fileKeys();

    assertThatThrownBy(() -> publish(index, "foo", "2.0", ownerRule("mallory")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("'mallory' may not upload to 'foo'");

    assertThat(fileKeys()).isEqualTo(before);
    assertThat(index.serial()).isEqualTo(1);
    assertThat(index.owners("foo")).containsExactly("alice");
  }

  @Test
  void theOwnerKeepsUploadingAndStaysTheOnlyOwner() throws IOException {
    publish(index, "foo", "1.0", ownerRule("alice"));
    assertThat(publish(index, "foo", "2.0", ownerRule("alice"))).isEqualTo(PublishResult.CREATED);

    assertThat(index.owners("foo")).containsExactly("alice");
  }

  @Test
  void theFirstAuthenticatedUploaderClaimsAProjectThatHadOnlyAnonymousUploads() throws IOException {
    publish(index, "foo", "1.0", UploadPermission.anyone());
    AtomicInteger sawExisting = new AtomicInteger();
    UploadPermission alice =
        UploadPermission.of("alice", (project, exists, owners) -> {
          if (exists && owners.isEmpty()) {
            sawExisting.incrementAndGet();
          }
        });

    publish(index, "foo", "2.0", alice);

    assertThat(sawExisting).hasPositiveValue();
    assertThat(index.owners("foo")).containsExactly("alice");
  }

  @Test
  void ownersSurviveASnapshotAndARestart() throws IOException {
    publish(index, "foo", "1.0", ownerRule("alice"));
    index.close(); // writes a snapshot

    StoredProjectIndex reopened = open();

    assertThat(reopened.owners("foo")).containsExactly("alice");
    assertThatThrownBy(() -> publish(reopened, "foo", "2.0", ownerRule("mallory"))).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void anotherNodeLearnsTheOwnerFromTheJournal() throws IOException {
    StoredProjectIndex nodeB = open();
    publish(index, "foo", "1.0", ownerRule("alice"));

    // node B has not refreshed: its own commit catches up and then checks against alice's ownership
    assertThatThrownBy(() -> publish(nodeB, "foo", "2.0", ownerRule("mallory"))).isInstanceOf(ForbiddenException.class);
    assertThat(nodeB.owners("foo")).containsExactly("alice");
  }

  @Test
  void theCheckUnderTheWriteLockSeesAnOwnerThatAppearedAfterTheEarlyCheck() throws IOException {
    StoredProjectIndex nodeB = open();
    AtomicInteger checks = new AtomicInteger();
    UploadPermission mallory =
        UploadPermission.of(
            "mallory",
            (project, exists, owners) -> {
              // Check 1 runs before the blobs are written; check 2 under node A's write lock, right
              // before it claims serial 1. In between, alice creates the project on node B.
              if (checks.incrementAndGet() == 2) {
                try {
                  publish(nodeB, "foo", "1.0", ownerRule("alice"));
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              }
              ownerRule("mallory").check(project, exists, owners);
            });

    assertThatThrownBy(() -> publish(index, "foo", "1.1", mallory)).isInstanceOf(ForbiddenException.class);

    assertThat(checks).hasValue(3); // the lost claim of serial 1 made node A catch up and check again
    assertThat(index.owners("foo")).containsExactly("alice");
    assertThat(index.file("foo", wheelName("foo", "1.1"))).isEmpty();
    assertThat(fileKeys()).noneMatch(k -> k.endsWith(wheelName("foo", "1.1")));
  }

  @Test
  void usersRacingToCreateAProjectEndWithExactlyOneOwner() throws Exception {
    int users = 8;
    CyclicBarrier start = new CyclicBarrier(users);
    List<Future<PublishResult>> results = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "user" + i;
      StoredProjectIndex node = i % 2 == 0 ? index : open();
      Callable<PublishResult> upload =
          () -> {
            start.await();
            return publish(node, "contested", "1." + user.substring(4), ownerRule(user));
          };
      results.add(threads.submit(upload));
    }

    int created = 0;
    int forbidden = 0;
    for (Future<PublishResult> r : results) {
      try {
        assertThat(r.get()).isEqualTo(PublishResult.CREATED);
        created++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ForbiddenException.class);
        forbidden++;
      }
    }
    index.refresh();

    assertThat(created).isEqualTo(1);
    assertThat(forbidden).isEqualTo(users - 1);
    assertThat(index.owners("contested")).hasSize(1);
    assertThat(index.project("contested").orElseThrow().files()).hasSize(1);
  }
}
