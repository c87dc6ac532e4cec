package dev.mypi.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.hash.Hashing;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.storage.StorageException;
import dev.mypi.testkit.contract.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;

  @Override
  protected BlobStore newStore() {
    return FileSystemBlobStore.create(root);
  }

  private FileSystemBlobStore fsStore() {
    return (FileSystemBlobStore) store;
  }

  private Path tempFolder() {
    return root.resolve(FileSystemBlobStore.TEMP_FOLDER);
  }

  private List<Path> tempFiles() throws IOException {
    if (!Files.isDirectory(tempFolder())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(tempFolder())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** Runs the contract's local-file puts from the store's own spool folder: the linking path. */
  @Override
  protected Path localFileFolder() {
    return fsStore().spoolDirectory();
  }

  private Path spoolFile(String name, String content) throws IOException {
    Files.createDirectories(fsStore().spoolDirectory());
    Path file = fsStore().spoolDirectory().resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void spoolDirectoryIsHiddenInsideTheTempFolder() throws IOException {
    spoolFile("upload.part", "data");

    assertThat(fsStore().spoolDirectory()).startsWith(tempFolder());
    assertThat(listKeys(BlobKey.root())).isEmpty();
  }

  @Test
  void putOfASpoolFileLinksItInsteadOfCopying() throws IOException {
    Path file = spoolFile("upload.part", "linked, not copied");

    store.put(key("files/foo/foo-1.0.tar.gz"), file, PutOptions.defaults());

    assertThat(Files.isSameFile(root.resolve("files/foo/foo-1.0.tar.gz"), file)).isTrue();
    assertThat(tempFiles()).isEmpty();
    Files.delete(file);
    assertThat(readString("files/foo/foo-1.0.tar.gz")).isEqualTo("linked, not copied");
  }

  @Test
  void aLinkedBlobGetsThePermissionsOfACopiedOne() throws IOException {
    assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    put("copied", "by stream");
    Path file = spoolFile("private.part", "written with mode 0600, as a temp file is");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    store.put(key("linked"), file, PutOptions.defaults());

    assertThat(Files.getPosixFilePermissions(root.resolve("linked")))
        .isEqualTo(Files.getPosixFilePermissions(root.resolve("copied")));
  }

  @Test
  void putOfAFileOnAnotherFileSystemCopiesIt() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
        && !Files.getFileStore(shm).equals(Files.getFileStore(root)));
    Path file = Files.createTempFile(shm, "mypi-test-", ".part");
    try {
      Files.writeString(file, "from tmpfs");

      BlobInfo info = store.put(key("copied"), file, PutOptions.defaults());

      assertThat(Files.isSameFile(root.resolve("copied"), file)).isFalse();
      assertThat(readString("copied")).isEqualTo("from tmpfs");
      assertThat(info.sha256()).contains(Hashing.sha256().hashString("from tmpfs", UTF_8).toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void cleanUpDeletesStaleSpoolFiles() throws IOException {
    Path stale = spoolFile("crashed.part", "left by a crash");
    Path fresh = spoolFile("in-progress.part", "being written");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    assertThat(fsStore().cleanUp()).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void storesKeyABCAsTheFileRootABCAndLeavesNoTempFile() throws IOException {
    put("a/b/c", "content");

    assertThat(root.resolve("a/b/c")).hasContent("content");
    assertThat(tempFiles()).isEmpty();
    try (Blob blob = store.open(key("a/b/c")).orElseThrow()) {
      assertThat(blob.localFile()).contains(root.resolve("a/b/c"));
    }
  }

  @Test
  void listsAndServesAnExistingFlatFolderOfDistributions() throws IOException {
    // given: a pypiserver-style folder with some clutter
    Files.writeString(root.resolve("foo-1.0.tar.gz"), "sdist");
    Files.writeString(root.resolve("Bar-2.0-py3-none-any.whl"), "wheel");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/baz-1.0.zip"), "zip");
    Files.writeString(root.resolve(".DS_Store"), "hidden");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "hidden");
    Files.writeString(root.resolve("not:a-key.txt"), "invalid name");
    Files.writeString(root.resolve("trailing-space "), "invalid name");
    Files.createDirectories(root.resolve("empty-folder"));
    Files.createSymbolicLink(root.resolve("linked-1.0.tar.gz"), root.resolve("foo-1.0.tar.gz"));
    Files.createSymbolicLink(root.resolve("loop"), root);

    // when
    List<String> keys = listKeys(BlobKey.root());

    // then
    assertThat(keys).containsExactly("Bar-2.0-py3-none-any.whl", "foo-1.0.tar.gz", "linked-1.0.tar.gz", "sub/baz-1.0.zip");
    assertThat(readString("sub/baz-1.0.zip")).isEqualTo("zip");
    assertThat(readString("linked-1.0.tar.gz")).isEqualTo("sdist");
    assertThat(store.stat(key("foo-1.0.tar.gz")).orElseThrow().size()).isEqualTo(5);
    assertThat(store.stat(key("empty-folder"))).isEmpty();
    assertThat(store.delete(key("empty-folder"))).isFalse();
  }

  @Test
  void tempFilesAreInvisible() throws IOException {
    Files.createDirectories(tempFolder());
    Files.writeString(tempFolder().resolve("0000.tmp"), "half an upload");

    assertThat(listKeys(BlobKey.root())).isEmpty();
    assertThatThrownBy(() -> key(".mypi-tmp/0000.tmp")).hasMessageContaining("starts with '.'");
  }

  @Test
  void cleanUpDeletesOnlyStaleTempFiles() throws IOException {
    Files.createDirectories(tempFolder());
    Path stale = Files.writeString(tempFolder().resolve("stale.tmp"), "crashed");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path fresh = Files.writeString(tempFolder().resolve("fresh.tmp"), "in progress");

    assertThat(fsStore().cleanUp()).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void firstPutCleansUpStaleTempFiles() throws IOException {
    Files.createDirectories(tempFolder());
    Path stale = Files.writeString(tempFolder().resolve("stale.tmp"), "crashed");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    put("k", "v");

    assertThat(stale).doesNotExist();
  }

  @Test
  void refusesAKeyThatIsAFolderOfOtherBlobsOrInsideABlob() throws IOException {
    put("a/b/c", "x");

    assertThatThrownBy(() -> put("a/b", "y"))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(BlobAlreadyExistsException.class)
        .hasMessageContaining("a folder of other blobs");
    assertThatThrownBy(
            () -> store.put(key("a/b"), new ByteArrayInputStream(bytes("y")), PutOptions.builder().overwrite(true).build()))
        .hasMessageContaining("a folder of other blobs");
    assertThatThrownBy(() -> put("a/b/c/d", "z"))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("a/b/c/d: ");
    assertThat(store.stat(key("a/b/c/d"))).isEmpty();
    assertThat(store.delete(key("a/b/c/d"))).isFalse();
    assertThat(listKeys(BlobKey.root())).containsExactly("a/b/c");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void etagChangesWhenAFileIsReplacedWithTheSameSize() throws IOException {
    BlobInfo first = put("k", "aaaa");

    BlobInfo second =
        store.put(key("k"), new ByteArrayInputStream(bytes("bbbb")), PutOptions.builder().overwrite(true).build());

    assertThat(second.etag()).isNotEqualTo(first.etag()).startsWith("fs-");
    assertThat(store.stat(key("k")).orElseThrow().etag()).isEqualTo(second.etag());
  }

  @Test
  void fileChannelOfAnOpenedRangeServesTheContentItWasOpenedWithAfterAnOverwrite() throws IOException {
    // given: a blob opened on a range, then the key overwritten
    put("k", "0123456789");
    try (Blob blob = store.open(key("k"), ByteRange.of(2, 5)).orElseThrow()) {
      store.put(key("k"), new ByteArrayInputStream(bytes("XXXXXXXXXXXX")), PutOptions.builder().overwrite(true).build());

      // when: the range is read from the blob's channel with a positional read
      FileChannel channel = blob.fileChannel().orElseThrow();
      ByteBuffer buf = ByteBuffer.allocate((int) blob.range().length());
      channel.read(buf, blob.range().offset());

      // then: it is the old content, and the channel is the blob's own (closed with it)
      assertThat(new String(buf.array(), UTF_8)).isEqualTo("23456");
      blob.close();
      assertThat(channel.isOpen()).isFalse();
      assertThat(blob.fileChannel()).isEmpty();
    }
  }

  @Test
  void isFoundByTypeFs() throws IOException {
    assertThat(BlobStores.providers()).containsKeys("fs", "memory");
    try (BlobStore created = BlobStores.create("fs", Map.of("root", root.toString()))) {
      assertThat(created).isInstanceOf(FileSystemBlobStore.class);
      assertThat(((FileSystemBlobStore) created).root()).isEqualTo(root.toAbsolutePath());
    }
    assertThatThrownBy(() -> BlobStores.create("fs", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'root'");
    assertThatThrownBy(() -> BlobStores.create("fs", Map.of("root", "/x", "rot", "/y")))
        .hasMessageContaining("[rot]");
    assertThatThrownBy(() -> BlobStores.create("s4", Map.of()))
        .hasMessage("unknown storage type 's4'; known: [fs, memory]");
  }

  @Test
  void rootIsCreatedByTheFirstPut() throws IOException {
    Path missing = root.resolve("not/yet");
    try (BlobStore lazy = FileSystemBlobStore.create(missing)) {
      assertThat(missing).doesNotExist();
      assertThat(lazy.stat(key("k"))).isEmpty();
      assertThat(lazy.list(BlobKey.root())).isEmpty();

      lazy.put(key("k"), new ByteArrayInputStream(bytes("v")), PutOptions.defaults());

      assertThat(missing.resolve("k")).hasContent("v");
    }
  }

  @Test
  void aKilledWriterLeavesNoBlobAndTheKeyStaysUsable() throws Exception {
    // given: a child JVM streaming an endless upload to the key
    Path log = Files.createTempFile("slow-put", ".log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowPutMain.class.getName(),
                root.toString(),
                "dist/foo-1.0.tar.gz")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      while (tempFiles().stream().noneMatch(FileSystemBlobStoreTest::hasBytes)) {
        assertThat(child.isAlive())
            .as("the child is still uploading; its output: %s", Files.readString(log, UTF_8))
            .isTrue();
        Thread.sleep(10);
      }

      // when: it is killed mid-upload (SIGKILL: no shutdown hooks, no finally blocks)
      child.destroyForcibly();
      assertThat(child.waitFor()).isEqualTo(137); // 128 + SIGKILL

      // then: only an invisible temp file remains, and the key can be created
      assertThat(tempFiles()).isNotEmpty();
      assertThat(store.stat(key("dist/foo-1.0.tar.gz"))).isEmpty();
      assertThat(store.open(key("dist/foo-1.0.tar.gz"))).isEmpty();
      assertThat(listKeys(BlobKey.root())).isEmpty();
      put("dist/foo-1.0.tar.gz", "the real sdist");
      assertThat(readString("dist/foo-1.0.tar.gz")).isEqualTo("the real sdist");
      assertThat(fsStore().cleanUp(Duration.ZERO)).isEqualTo(1);
      assertThat(tempFiles()).isEmpty();
    } finally {
      child.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static boolean hasBytes(Path file) {
    try {
      return Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
