package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.sha256;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.FileExistsException;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.simple.ProjectList;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two index instances over one store, as two nodes of a cluster over one bucket, and many threads. */
class SharedStoreTest {
  @TempDir Path spool;
  private InMemoryBlobStore store;
  private StoredProjectIndex nodeA;
  private StoredProjectIndex nodeB;
  private ExecutorService threads;

  @BeforeEach
  void openTwoNodes() throws IOException {
    store = InMemoryBlobStore.create();
    nodeA = (StoredProjectIndex) ProjectIndex.builder(store).spoolDirectory(spool).build();
    nodeB = (StoredProjectIndex) ProjectIndex.builder(store).spoolDirectory(spool).build();
    threads = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private static PublishResult publish(ProjectIndex index, String name, String version, byte[] content) throws IOException {
    byte[] body = uploadBody(name, version, wheelName(name, version), content);
    return index.publish(CONTENT_TYPE, new ByteArrayInputStream(body));
  }

  private List<String> fileKeys() throws IOException {
    try (Stream<BlobInfo> list = store.list(BlobKey.of("files"))) {
      return list.map(info -> info.key().toString()).sorted().toList();
    }
  }

  private static byte[] read(ProjectIndex index, String project, String filename) throws IOException {
    try (Blob blob = index.openFile(project, filename).orElseThrow();
        InputStream in = blob.openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void bothNodesSeeBothUploadsAfterRefresh() throws IOException {
    publish(nodeA, "foo", "1.0", wheel("foo", "1.0"));
    publish(nodeB, "bar", "1.0", wheel("bar", "1.0"));

    nodeA.refresh();
    nodeB.refresh();

    assertThat(nodeA.serial()).isEqualTo(nodeB.serial()).isEqualTo(2);
    assertThat(nodeA.projects()).isEqualTo(nodeB.projects());
    assertThat(nodeA.projects().projects()).extracting(e -> e.name().normalized()).containsExactly("bar", "foo");
    assertThat(nodeA.project("bar")).isEqualTo(nodeB.project("bar"));
    assertThat(read(nodeA, "bar", "bar-1.0-py3-none-any.whl")).isEqualTo(wheel("bar", "1.0"));
  }

  @Test
  void staleNodeCatchesUpBeforeClaimingTheNextSerial() throws IOException {
    publish(nodeA, "foo", "1.0", wheel("foo", "1.0"));

    publish(nodeB, "bar", "1.0", wheel("bar", "1.0")); // nodeB never saw serial 1

    assertThat(nodeB.serial()).isEqualTo(2);
    assertThat(nodeB.project("foo")).isPresent();
    assertThat(nodeB.project("bar").orElseThrow().lastSerial()).isEqualTo(2);
    assertThat(nodeA.project("bar")).isEmpty();
    nodeA.refresh();
    assertThat(nodeA.project("bar").orElseThrow().lastSerial()).isEqualTo(2);
  }

  @Test
  void refreshIsANoOpWhenNothingChanged() throws IOException {
    publish(nodeA, "foo", "1.0", wheel("foo", "1.0"));
    nodeA.refresh();
    ProjectList before = nodeA.projects();

    nodeA.refresh();

    assertThat(nodeA.projects()).isSameAs(before);
  }

  @Test
  void staleNodeCannotOverwriteAFileTheOtherNodeOwns() throws IOException {
    byte[] winner = wheel("foo", "1.0");
    publish(nodeA, "foo", "1.0", winner);
    List<String> keys = fileKeys();

    assertThatThrownBy(() -> publish(nodeB, "foo", "1.0", wheel("foo", "1.0", "x = 2\n")))
        .isInstanceOf(FileExistsException.class)
        .hasMessageStartingWith("File already exists");

    assertThat(fileKeys()).isEqualTo(keys);
    assertThat(nodeB.serial()).isEqualTo(1);
    assertThat(read(nodeB, "foo", "foo-1.0-py3-none-any.whl")).isEqualTo(winner);
  }

  @Test
  void racingUploadsOfOneFilenameFromTwoNodesHaveExactlyOneWinner() throws Exception {
    byte[] fromA = wheel("foo", "1.0", "a = 1\n");
    byte[] fromB = wheel("foo", "1.0", "b = 1\n");
    CyclicBarrier start = new CyclicBarrier(2);
    Future<PublishResult> a = threads.submit(() -> { start.await(); return publish(nodeA, "foo", "1.0", fromA); });
    Future<PublishResult> b = threads.submit(() -> { start.await(); return publish(nodeB, "foo", "1.0", fromB); });

    List<PublishResult> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (Future<PublishResult> f : List.of(a, b)) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        failures.add(e.getCause());
      }
    }

    assertThat(results).containsExactly(PublishResult.CREATED);
    assertThat(failures).singleElement().isInstanceOf(FileExistsException.class);
    nodeA.refresh();
    nodeB.refresh();
    assertThat(nodeA.serial()).isEqualTo(nodeB.serial()).isEqualTo(1);
    byte[] won = read(nodeA, "foo", "foo-1.0-py3-none-any.whl");
    assertThat(won).isIn(fromA, fromB);
    assertThat(read(nodeB, "foo", "foo-1.0-py3-none-any.whl")).isEqualTo(won);
    String dir = "files/foo/" + sha256(won).substring(0, 32) + "/";
    assertThat(fileKeys()).containsExactly(dir + "foo-1.0-py3-none-any.whl", dir + "foo-1.0-py3-none-any.whl.metadata");
  }

  @Test
  void sixteenConcurrentUploadsAllSucceedWithDistinctSerials() throws Exception {
    List<Future<PublishResult>> futures = submitSixteen(i -> nodeA);

    for (Future<PublishResult> f : futures) {
      assertThat(f.get()).isEqualTo(PublishResult.CREATED);
    }
    assertThat(nodeA.serial()).isEqualTo(16);
    assertThat(nodeA.projects().projects()).hasSize(16).extracting(ProjectList.Entry::lastSerial).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 16);
  }

  @Test
  void sixteenConcurrentUploadsSpreadOverTwoNodesAllSucceedWithDistinctSerials() throws Exception {
    List<Future<PublishResult>> futures = submitSixteen(i -> i % 2 == 0 ? nodeA : nodeB);

    for (Future<PublishResult> f : futures) {
      assertThat(f.get()).isEqualTo(PublishResult.CREATED);
    }
    nodeA.refresh();
    nodeB.refresh();
    assertThat(nodeA.serial()).isEqualTo(nodeB.serial()).isEqualTo(16);
    assertThat(nodeA.projects()).isEqualTo(nodeB.projects());
    assertThat(nodeA.projects().projects()).hasSize(16).extracting(ProjectList.Entry::lastSerial).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 16);
  }

  private interface NodeChoice {
    ProjectIndex node(int upload);
  }

  private List<Future<PublishResult>> submitSixteen(NodeChoice choice) {
    CyclicBarrier start = new CyclicBarrier(16);
    List<Future<PublishResult>> futures = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String name = "project" + i;
      ProjectIndex node = choice.node(i);
      byte[] content = wheel(name, "1.0");
      Callable<PublishResult> upload = () -> {
        start.await();
        return publish(node, name, "1.0", content);
      };
      futures.add(threads.submit(upload));
    }
    return futures;
  }
}
