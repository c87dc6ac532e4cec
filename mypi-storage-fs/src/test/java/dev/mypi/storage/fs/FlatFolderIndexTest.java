package dev.mypi.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.testkit.Distribution;
import dev.mypi.testkit.SdistBuilder;
import dev.mypi.testkit.UploadBody;
import dev.mypi.testkit.WheelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index over a folder pypiserver served: distributions at the top level and in sub-folders. */
class FlatFolderIndexTest {
  @TempDir Path folder;
  @TempDir Path spool;

  private final byte[] fooSdist = sdist("foo", "1.0");
  private final byte[] fooWheel = wheel("foo", "1.1").content();
  private final byte[] barWheel = wheel("bar", "2.0").content();

  // Generated distributions (mypi-testkit); the same arguments give the same bytes.
  private static WheelBuilder wheelBuilder(String name, String version) {
    return WheelBuilder.of(name, version).requiresPython(">=3.8");
  }

  private static Distribution wheel(String name, String version) {
    return wheelBuilder(name, version).build();
  }

  private static byte[] sdist(String name, String version) {
    return SdistBuilder.of(name, version).requiresPython(">=3.8").toBytes();
  }

  private static String metadata(String name, String version) {
    return wheelBuilder(name, version).metadataText();
  }

  private static String sha256(byte[] data) {
    return Hashing.sha256().hashBytes(data).toString();
  }

  private static PublishResult publish(ProjectIndex index, Distribution dist) throws IOException {
    UploadBody body = dist.uploadBody();
    try (InputStream in = body.openStream()) {
      return index.publish(body.contentType(), in);
    }
  }

  @BeforeEach
  void fillTheFolder() throws IOException {
    Files.write(folder.resolve("foo-1.0.tar.gz"), fooSdist);
    Files.write(folder.resolve("foo-1.1-py3-none-any.whl"), fooWheel);
    Files.createDirectories(folder.resolve("sub"));
    Files.write(folder.resolve("sub/bar-2.0-py3-none-any.whl"), barWheel);
    Files.writeString(folder.resolve("README.txt"), "Our packages.\n");
    Files.writeString(folder.resolve("sub/notes.md"), "# notes\n");
    Files.writeString(folder.resolve("foo-1.1-py3-none-any.whl.asc"), "-----BEGIN PGP SIGNATURE-----\n");
  }

  private ProjectIndex open(BlobStore store) throws IOException {
    return ProjectIndex.builder(store).spoolDirectory(spool).build();
  }

  private ProjectIndex open() throws IOException {
    return open(FileSystemBlobStore.create(folder));
  }

  private static byte[] read(Optional<Blob> blob) throws IOException {
    assertThat(blob).isPresent();
    try (Blob b = blob.get();
        InputStream in = b.openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void indexesDistributionsAtTheTopLevelAndInSubFolders() throws IOException {
    try (ProjectIndex index = open()) {
      assertThat(index.projects().projects()).extracting(e -> e.name().normalized()).containsExactly("bar", "foo");
      ProjectPage foo = index.project("foo").orElseThrow();
      assertThat(foo.versions()).containsExactly("1.0", "1.1");
      assertThat(foo.files()).extracting(FileEntry::filename).containsExactlyInAnyOrder("foo-1.0.tar.gz", "foo-1.1-py3-none-any.whl");
      assertThat(index.project("bar").orElseThrow().files()).extracting(FileEntry::filename).containsExactly("bar-2.0-py3-none-any.whl");
      assertThat(index.serial()).isEqualTo(1); // the three files are recorded as one import-files change
    }
  }

  @Test
  void importedFilesHaveTheirSha256AndWheelsTheirMetadataFile() throws IOException {
    try (ProjectIndex index = open()) {
      IndexedFile sdistFile = index.file("foo", "foo-1.0.tar.gz").orElseThrow();
      assertThat(sdistFile.sha256()).isEqualTo(sha256(fooSdist));
      assertThat(sdistFile.size()).isEqualTo(fooSdist.length);
      assertThat(sdistFile.coreMetadataSha256()).isEmpty();
      assertThat(index.openCoreMetadata("foo", "foo-1.0.tar.gz")).isEmpty();

      IndexedFile barFile = index.file("bar", "bar-2.0-py3-none-any.whl").orElseThrow();
      assertThat(barFile.sha256()).isEqualTo(sha256(barWheel));
      byte[] barMetadata = metadata("bar", "2.0").getBytes(UTF_8);
      assertThat(read(index.openCoreMetadata("bar", "bar-2.0-py3-none-any.whl"))).isEqualTo(barMetadata);
      assertThat(barFile.coreMetadataSha256()).contains(sha256(barMetadata));
      FileEntry entry = index.project("bar").orElseThrow().files().get(0);
      assertThat(entry.hashes().sha256()).contains(sha256(barWheel));
      assertThat(entry.coreMetadata().orElseThrow().sha256()).contains(sha256(barMetadata));
      assertThat(entry.requiresPython()).contains(">=3.8");

      assertThat(read(index.openCoreMetadata("foo", "foo-1.1-py3-none-any.whl"))).isEqualTo(metadata("foo", "1.1").getBytes(UTF_8));
    }
  }

  @Test
  void servesTheBytesOfImportedFilesWhereTheyLie() throws IOException {
    try (ProjectIndex index = open()) {
      assertThat(read(index.openFile("foo", "foo-1.0.tar.gz"))).isEqualTo(fooSdist);
      assertThat(read(index.openFile("foo", "foo-1.1-py3-none-any.whl"))).isEqualTo(fooWheel);
      assertThat(read(index.openFile("bar", "bar-2.0-py3-none-any.whl"))).isEqualTo(barWheel);
      assertThat(read(index.openFile("bar", "bar-2.0-py3-none-any.whl", ByteRange.of(0, 2)))).containsExactly('P', 'K');
    }
    // the distributions stay where pypiserver put them, unchanged
    assertThat(Files.readAllBytes(folder.resolve("sub/bar-2.0-py3-none-any.whl"))).isEqualTo(barWheel);
    assertThat(Files.readAllBytes(folder.resolve("foo-1.0.tar.gz"))).isEqualTo(fooSdist);
  }

  @Test
  void reopeningRecordsNoChangeAndReadsNoDistribution() throws IOException {
    long serial;
    try (ProjectIndex index = open()) {
      serial = index.serial();
    }
    CountingStore counting = new CountingStore(FileSystemBlobStore.create(folder));

    try (ProjectIndex index = open(counting)) {
      assertThat(index.serial()).isEqualTo(serial);
      assertThat(index.file("bar", "bar-2.0-py3-none-any.whl")).isPresent();
    }
    assertThat(counting.opened).allMatch(key -> key.startsWith("_mypi/"));
    assertThat(open().serial()).isEqualTo(serial);
  }

  @Test
  void reopeningWithoutCloseAlsoRecordsNoChange() throws IOException {
    long serial = open().serial(); // never closed: no snapshot, the journal alone

    assertThat(open().serial()).isEqualTo(serial);
  }

  @Test
  void fileAddedToTheFolderLaterIsIndexedOnTheNextOpen() throws IOException {
    long serial;
    try (ProjectIndex index = open()) {
      serial = index.serial();
    }
    byte[] bazWheel = wheel("baz", "0.1").content();
    Files.write(folder.resolve("sub/baz-0.1-py3-none-any.whl"), bazWheel);

    try (ProjectIndex index = open()) {
      assertThat(index.serial()).isEqualTo(serial + 1);
      assertThat(index.file("baz", "baz-0.1-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(bazWheel));
      assertThat(read(index.openFile("baz", "baz-0.1-py3-none-any.whl"))).isEqualTo(bazWheel);
    }
  }

  @Test
  void secondCopyOfAFilenameInAnotherFolderIsSkippedWithoutReadingIt() throws IOException {
    Files.createDirectories(folder.resolve("old"));
    Files.write(folder.resolve("old/foo-1.0.tar.gz"), sdist("foo", "1.0") /* identical */);
    Files.createDirectories(folder.resolve("zzz"));
    Files.write(folder.resolve("zzz/foo-1.1-py3-none-any.whl"), wheelBuilder("foo", "1.1").module("foo", "different = True\n").toBytes());
    long serial;
    try (ProjectIndex index = open()) {
      serial = index.serial();
      assertThat(serial).isEqualTo(1); // one import-files change for the three files kept
      assertThat(index.file("foo", "foo-1.1-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(fooWheel));
    }
    CountingStore counting = new CountingStore(FileSystemBlobStore.create(folder));

    try (ProjectIndex index = open(counting)) {
      assertThat(index.serial()).isEqualTo(serial);
    }
    assertThat(counting.opened).allMatch(key -> key.startsWith("_mypi/"));
  }

  @Test
  void unreadableArchiveIsIndexedWithoutMetadata() throws IOException {
    Files.writeString(folder.resolve("broken-1.0-py3-none-any.whl"), "not a zip");

    try (ProjectIndex index = open()) {
      IndexedFile broken = index.file("broken", "broken-1.0-py3-none-any.whl").orElseThrow();
      assertThat(broken.coreMetadataSha256()).isEmpty();
      assertThat(index.openCoreMetadata("broken", "broken-1.0-py3-none-any.whl")).isEmpty();
      assertThat(index.file("foo", "foo-1.0.tar.gz")).isPresent();
    }
  }

  @Test
  void uploadingAnImportedFileAgainAlreadyExistedAndStoresNoCopy() throws IOException {
    try (ProjectIndex index = open()) {
      long serial = index.serial();
      List<Path> before = regularFiles();
      Distribution sameWheel = wheel("foo", "1.1");
      assertThat(sameWheel.content()).isEqualTo(fooWheel);

      assertThat(publish(index, sameWheel)).isEqualTo(PublishResult.ALREADY_EXISTED);

      assertThat(index.serial()).isEqualTo(serial);
      assertThat(regularFiles()).isEqualTo(before);
    }
  }

  @Test
  void uploadsNextToImportedFilesWork() throws IOException {
    try (ProjectIndex index = open()) {
      Distribution foo2 = wheel("foo", "2.0");

      assertThat(publish(index, foo2)).isEqualTo(PublishResult.CREATED);

      assertThat(index.project("foo").orElseThrow().versions()).containsExactly("1.0", "1.1", "2.0");
      assertThat(read(index.openFile("foo", "foo-2.0-py3-none-any.whl"))).isEqualTo(foo2.content());
    }
    try (ProjectIndex reopened = open()) {
      assertThat(reopened.project("foo").orElseThrow().files()).hasSize(3);
    }
  }

  private List<Path> regularFiles() throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile).map(folder::relativize).filter(p -> !p.startsWith(".mypi-tmp")).sorted().toList();
    }
  }

  /** Records the keys opened through it. */
  private static final class CountingStore implements BlobStore {
    private final BlobStore delegate;
    final List<String> opened = new ArrayList<>();

    CountingStore(BlobStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
      return delegate.put(key, data, options);
    }

    @Override
    public synchronized Optional<Blob> open(BlobKey key) throws IOException {
      opened.add(key.toString());
      return delegate.open(key);
    }

    @Override
    public synchronized Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
      opened.add(key.toString());
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

  @Test
  void aLargeFolderIsRecordedInBatchesOf256FilesPerChange() throws IOException {
    for (int i = 0; i < 600; i++) {
      Files.write(folder.resolve("many" + i + "-1.0.tar.gz"), sdist("many" + i, "1.0"));
    }
    try (ProjectIndex index = open()) {
      // 603 distributions (the 3 of setUp plus 600): ceil(603 / 256) = 3 journal entries
      assertThat(index.serial()).isEqualTo(3);
      assertThat(index.projects().projects()).hasSize(602);
      assertThat(index.file("many599", "many599-1.0.tar.gz")).isPresent();
    }
  }
}
