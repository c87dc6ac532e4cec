package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.sdist;
import static dev.mypi.core.internal.index.TestDistributions.sdistName;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.IndexBuilder;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRestartTest {
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

  private static void publishSdist(ProjectIndex index, String name, String version) throws IOException {
    byte[] body = uploadBody(name, version, sdistName(name, version), sdist(name, version));
    index.publish(CONTENT_TYPE, new ByteArrayInputStream(body));
  }

  private List<String> keysUnder(String prefix) throws IOException {
    try (Stream<BlobInfo> list = store.list(BlobKey.of(prefix))) {
      return list.map(info -> info.key().toString()).sorted().toList();
    }
  }

  private static String journalKey(long serial) {
    return String.format("_mypi/journal/%020d.json", serial);
  }

  private static String snapshotKey(long serial) {
    return String.format("_mypi/snapshots/%020d.json", serial);
  }

  private static String binarySnapshotKey(long serial) {
    return String.format("_mypi/snapshots/%020d.bin", serial);
  }

  /** Everything a client can observe about a project, as one comparable string. */
  private static String observable(ProjectIndex index, String project) {
    String html = new String(index.renderProject(project, SimpleFormat.HTML).orElseThrow().toByteArray(), StandardCharsets.UTF_8);
    String json = new String(index.renderProject(project, SimpleFormat.JSON_V1).orElseThrow().toByteArray(), StandardCharsets.UTF_8);
    return html + json;
  }

  private static void assertSameFile(ProjectIndex actual, ProjectIndex expected, String project, String filename) {
    IndexedFile a = actual.file(project, filename).orElseThrow();
    IndexedFile e = expected.file(project, filename).orElseThrow();
    assertThat(a).usingRecursiveComparison().isEqualTo(e);
  }

  @Test
  void restartReplaysTheJournalToTheSameState() throws IOException {
    ProjectIndex first = builder().build();
    publishWheel(first, "foo", "1.0");
    publishSdist(first, "foo", "1.0");
    publishWheel(first, "Bar", "2.0");
    publishWheel(first, "baz", "1.0");
    first.yank("foo", "1.0", "broken");
    first.deleteFile("baz", "baz-1.0-py3-none-any.whl");

    ProjectIndex second = builder().build(); // the first was not closed: no snapshot, journal only

    assertThat(keysUnder("_mypi/snapshots")).isEmpty();
    assertThat(second.serial()).isEqualTo(first.serial()).isEqualTo(6);
    assertThat(second.projects()).isEqualTo(first.projects());
    assertThat(second.project("foo")).isEqualTo(first.project("foo"));
    assertThat(second.project("bar")).isEqualTo(first.project("bar"));
    assertThat(second.project("bar").orElseThrow().name().displayName()).isEqualTo("Bar");
    assertThat(second.project("baz")).isEmpty();
    assertSameFile(second, first, "foo", "foo-1.0-py3-none-any.whl");
    assertSameFile(second, first, "foo", "foo-1.0.tar.gz");
    assertThat(observable(second, "foo")).isEqualTo(observable(first, "foo"));
    assertThat(second.renderProject("foo", SimpleFormat.HTML).orElseThrow().etag())
        .isEqualTo(first.renderProject("foo", SimpleFormat.HTML).orElseThrow().etag());
  }

  @Test
  void theFirstProjectListAfterARestartIsInNameOrderAndFollowsLaterChanges() throws IOException {
    // The snapshot holds the projects in name order, so the first list after a restart takes them
    // as loaded, unsorted; after a change it is built again.
    ProjectIndex first = builder().build();
    for (String name : List.of("zeta", "Alpha", "mid.dle", "beta")) {
      publishWheel(first, name, "1.0");
    }
    first.close();

    ProjectIndex second = builder().build();
    assertThat(names(second)).containsExactly("alpha", "beta", "mid-dle", "zeta");
    assertThat(second.projects().projects().get(0).name().displayName()).isEqualTo("Alpha");
    publishWheel(second, "aardvark", "1.0");
    assertThat(names(second)).containsExactly("aardvark", "alpha", "beta", "mid-dle", "zeta");
    second.close();

    ProjectIndex third = builder().build();
    publishWheel(third, "omega", "1.0"); // a change before the first list: the snapshot's order is stale
    assertThat(names(third)).containsExactly("aardvark", "alpha", "beta", "mid-dle", "omega", "zeta");
    third.close();
  }

  @Test
  void aSnapshotWrittenInAnotherOrderGivesAProjectListInNameOrder() throws IOException {
    // snapshots written before they were in name order hold the projects in hash order
    List<ProjectState> unordered =
        List.of(ProjectState.create("zeta", "zeta"), ProjectState.create("alpha", "Alpha"), ProjectState.create("mid", "mid"));
    assertThat(StoredProjectIndex.inNameOrder(unordered)).isFalse();
    new Journal(store).writeSnapshot(new Journal.Snapshot(3, unordered), spool);

    ProjectIndex index = builder().build();

    assertThat(names(index)).containsExactly("alpha", "mid", "zeta");
    index.close();
  }

  private static List<String> names(ProjectIndex index) {
    return index.projects().projects().stream().map(e -> e.name().normalized()).toList();
  }

  @Test
  void restartDoesNotRecordAnyChange() throws IOException {
    ProjectIndex first = builder().build();
    publishWheel(first, "foo", "1.0");
    first.close();

    ProjectIndex second = builder().build();
    second.close();

    assertThat(builder().build().serial()).isEqualTo(1);
    assertThat(keysUnder("_mypi/journal")).containsExactly(journalKey(1));
  }

  @Test
  void snapshotIsWrittenEveryIntervalAndRestartLoadsItPlusTheJournalTail() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    assertThat(keysUnder("_mypi/snapshots")).isEmpty();
    publishWheel(first, "bar", "1.0");
    assertThat(keysUnder("_mypi/snapshots")).containsExactly(binarySnapshotKey(2), snapshotKey(2));
    publishWheel(first, "baz", "1.0");
    first.yank("foo", "1.0", "");
    publishSdist(first, "foo", "1.0");
    publishWheel(first, "qux", "1.0");
    publishWheel(first, "quux", "1.0");
    assertThat(keysUnder("_mypi/snapshots"))
        .as("the snapshots of the two newest serials are kept")
        .containsExactly(binarySnapshotKey(4), snapshotKey(4), binarySnapshotKey(6), snapshotKey(6));

    // Changes 1 to 6 are in the newest snapshot: a restart that needs their journal entries fails.
    for (long serial = 1; serial <= 6; serial++) {
      store.delete(BlobKey.of(journalKey(serial)));
    }
    ProjectIndex second = builder().snapshotInterval(2).build();

    assertThat(second.serial()).isEqualTo(7);
    assertThat(second.projects()).isEqualTo(first.projects());
    assertThat(observable(second, "foo")).isEqualTo(observable(first, "foo"));
    assertThat(second.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().yanked()).isTrue();
    assertThat(second.file("foo", "foo-1.0.tar.gz")).isPresent();
    assertSameFile(second, first, "baz", "baz-1.0-py3-none-any.whl");
  }

  @Test
  void closeWritesASnapshotOfTheLastChange() throws IOException {
    ProjectIndex first = builder().build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");

    first.close();

    assertThat(keysUnder("_mypi/snapshots")).containsExactly(binarySnapshotKey(2), snapshotKey(2));
    store.delete(BlobKey.of(journalKey(1)));
    store.delete(BlobKey.of(journalKey(2)));
    assertThat(builder().build().projects()).isEqualTo(first.projects());
  }

  @Test
  void closeWritesASnapshotWhenTheSpoolFolderWasNeverCreated() throws IOException {
    // given: an index whose changes came from a folder import, so no upload made the spool folder
    Path neverCreated = spool.resolve("not-yet");
    ProjectIndex first = builder().build();
    publishWheel(first, "foo", "1.0");
    first.close();
    ProjectIndex second = ProjectIndex.builder(store).spoolDirectory(neverCreated).build();
    publishWheel(second, "bar", "1.0");
    Files.walk(neverCreated).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

    // when
    second.close();

    // then
    assertThat(keysUnder("_mypi/snapshots")).contains(snapshotKey(2));
  }

  @Test
  void corruptSnapshotIsIgnoredAndTheJournalReplayed() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");
    publishWheel(first, "baz", "1.0");
    corrupt(snapshotKey(2));
    corrupt(binarySnapshotKey(2));

    ProjectIndex second = builder().build();

    assertThat(second.serial()).isEqualTo(3);
    assertThat(second.projects()).isEqualTo(first.projects());
    assertThat(observable(second, "bar")).isEqualTo(observable(first, "bar"));
  }

  @Test
  void corruptNewestSnapshotFallsBackToTheOlderOne() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      publishWheel(first, name, "1.0");
    }
    assertThat(keysUnder("_mypi/snapshots")).containsExactly(binarySnapshotKey(2), snapshotKey(2), binarySnapshotKey(4), snapshotKey(4));
    corrupt(snapshotKey(4));
    corrupt(binarySnapshotKey(4));
    store.delete(BlobKey.of(journalKey(1)));
    store.delete(BlobKey.of(journalKey(2)));

    ProjectIndex second = builder().build();

    assertThat(second.serial()).isEqualTo(5);
    assertThat(second.projects()).isEqualTo(first.projects());
  }

  @Test
  void corruptBinarySnapshotFallsBackToTheJsonOfTheSameSerial() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");
    first.yank("bar", "1.0", "broken");
    corrupt(binarySnapshotKey(2));
    store.delete(BlobKey.of(journalKey(1)));
    store.delete(BlobKey.of(journalKey(2)));

    ProjectIndex second = builder().build();

    assertThat(second.serial()).isEqualTo(3);
    assertThat(second.projects()).isEqualTo(first.projects());
    assertThat(observable(second, "bar")).isEqualTo(observable(first, "bar"));
  }

  @Test
  void truncatedBinarySnapshotFallsBackToTheJsonOfTheSameSerial() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");
    byte[] binary;
    try (InputStream in = store.open(BlobKey.of(binarySnapshotKey(2))).orElseThrow().openStream()) {
      binary = in.readAllBytes();
    }
    for (int cut : new int[] {0, 5, binary.length / 2, binary.length - 1}) {
      put(binarySnapshotKey(2), Arrays.copyOf(binary, cut));
      store.delete(BlobKey.of(journalKey(1)));

      ProjectIndex second = builder().build();

      assertThat(second.serial()).as("cut at %d of %d bytes", cut, binary.length).isEqualTo(2);
      assertThat(second.projects()).isEqualTo(first.projects());
      assertThat(observable(second, "foo")).isEqualTo(observable(first, "foo"));
    }
  }

  @Test
  void binarySnapshotWithAFlippedByteFallsBackToTheJsonOfTheSameSerial() throws IOException {
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");
    byte[] binary;
    try (InputStream in = store.open(BlobKey.of(binarySnapshotKey(2))).orElseThrow().openStream()) {
      binary = in.readAllBytes();
    }
    binary[binary.length / 2] ^= 0x01; // e.g. one digit of a size: only the checksum notices
    put(binarySnapshotKey(2), binary);
    put(snapshotKey(2), "{\"serial\": 2, \"projects\": []}".getBytes(StandardCharsets.UTF_8)); // tells which one was read
    store.delete(BlobKey.of(journalKey(1)));
    store.delete(BlobKey.of(journalKey(2)));

    ProjectIndex second = builder().build();

    assertThat(second.serial()).isEqualTo(2);
    assertThat(second.projects().projects()).isEmpty();
  }

  @Test
  void jsonSnapshotOfAnOlderVersionWithoutABinaryOneLoads() throws IOException {
    // given: what the version before binary snapshots left: only <serial>.json
    ProjectIndex first = builder().snapshotInterval(2).build();
    publishWheel(first, "foo", "1.0");
    publishWheel(first, "bar", "1.0");
    store.delete(BlobKey.of(binarySnapshotKey(2)));
    store.delete(BlobKey.of(journalKey(1)));
    store.delete(BlobKey.of(journalKey(2)));

    // when
    ProjectIndex second = builder().snapshotInterval(2).build();
    publishWheel(second, "baz", "1.0");
    publishWheel(second, "qux", "1.0");

    // then
    assertThat(observable(second, "foo")).isEqualTo(observable(first, "foo"));
    assertThat(keysUnder("_mypi/snapshots")).containsExactly(snapshotKey(2), binarySnapshotKey(4), snapshotKey(4));
  }

  @Test
  void closeAddsTheBinaryFormToAJsonOnlySnapshotWithoutRecordingAChange() throws IOException {
    ProjectIndex first = builder().build();
    publishWheel(first, "foo", "1.0");
    first.close();
    store.delete(BlobKey.of(binarySnapshotKey(1)));

    builder().build().close();

    assertThat(keysUnder("_mypi/snapshots")).containsExactly(binarySnapshotKey(1), snapshotKey(1));
    assertThat(keysUnder("_mypi/journal")).containsExactly(journalKey(1));
    store.delete(BlobKey.of(snapshotKey(1)));
    store.delete(BlobKey.of(journalKey(1)));
    assertThat(observable(builder().build(), "foo")).isEqualTo(observable(first, "foo"));
  }

  private void put(String key, byte[] bytes) throws IOException {
    store.put(BlobKey.of(key), new ByteArrayInputStream(bytes), PutOptions.builder().overwrite(true).build());
  }

  private void corrupt(String key) throws IOException {
    byte[] garbage = "{\"serial\": 2, \"projects\": [ {\"normalized\": ".getBytes(StandardCharsets.UTF_8);
    store.put(BlobKey.of(key), new ByteArrayInputStream(garbage), PutOptions.builder().overwrite(true).build());
  }
}
