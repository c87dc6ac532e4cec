package dev.mypi.testkit.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.ByteStreams;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.ContentMismatchException;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.storage.RangeNotSatisfiableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} must have (see the {@code dev.mypi.core.storage} package
 * documentation), as a JUnit 5 test suite that ships with the testkit so that any storage backend,
 * mypi's or a third party's, can run it. A backend's test extends this class and implements {@link
 * #newStore()}; it may add backend-specific tests of its own. Depend on {@code
 * dev.mypi:mypi-testkit} with test scope.
 *
 * <pre>{@code
 * class FileSystemBlobStoreTest extends BlobStoreContract {
 *   @TempDir Path root;
 *   @Override protected BlobStore newStore() { return FileSystemBlobStore.create(root); }
 * }
 * }</pre>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
public abstract class BlobStoreContract {
  /** The store under test, fresh and empty for each test. */
  protected BlobStore store;

  @TempDir private Path localFiles;

  /** Returns a new, empty store; called before each test, closed after it. */
  protected abstract BlobStore newStore() throws Exception;

  /** Returns the size of the blob streamed by the large-blob test; 64 MiB unless overridden. */
  protected long largeBlobSize() {
    return 64L * 1024 * 1024;
  }

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  // ---------------------------------------------------------------- helpers

  protected static BlobKey key(String key) {
    return BlobKey.of(key);
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  protected BlobInfo put(String key, String content) throws IOException {
    return store.put(key(key), new ByteArrayInputStream(bytes(content)), PutOptions.defaults());
  }

  protected static byte[] read(Blob blob) throws IOException {
    try (blob;
        InputStream in = blob.openStream()) {
      return in.readAllBytes();
    }
  }

  protected String readString(String key) throws IOException {
    return new String(read(store.open(key(key)).orElseThrow()), UTF_8);
  }

  protected List<String> listKeys(BlobKey prefix) throws IOException {
    try (Stream<BlobInfo> infos = store.list(prefix)) {
      return infos.map(info -> info.key().toString()).collect(Collectors.toList());
    }
  }

  private static String sha256(byte[] data) {
    return Hashing.sha256().hashBytes(data).toString();
  }

  // ---------------------------------------------------------------- put and open

  @Test
  @DisplayName("put then open returns the same bytes, size and a stable etag")
  void putThenOpenRoundTrips() throws IOException {
    // given
    BlobInfo put = put("foo/foo-1.0.tar.gz", "hello, index");

    // when
    Blob blob = store.open(key("foo/foo-1.0.tar.gz")).orElseThrow();
    BlobInfo stat = store.stat(key("foo/foo-1.0.tar.gz")).orElseThrow();

    // then
    assertThat(blob.info().size()).isEqualTo(12);
    assertThat(blob.range()).isEqualTo(ByteRange.whole(12));
    assertThat(blob.isWhole()).isTrue();
    assertThat(new String(read(blob), UTF_8)).isEqualTo("hello, index");
    assertThat(put.key()).isEqualTo(key("foo/foo-1.0.tar.gz"));
    assertThat(put.size()).isEqualTo(12);
    assertThat(stat.size()).isEqualTo(12);
    assertThat(stat.etag()).isEqualTo(put.etag()).isEqualTo(blob.info().etag());
    assertThat(store.stat(key("foo/foo-1.0.tar.gz")).orElseThrow().etag()).isEqualTo(put.etag());
  }

  @Test
  @DisplayName("put reports the SHA-256 of what it stored")
  void putReportsSha256() throws IOException {
    BlobInfo info = put("a", "abc");

    assertThat(info.sha256()).contains(sha256(bytes("abc")));
  }

  @Test
  @DisplayName("an empty blob can be stored and read")
  void emptyBlobRoundTrips() throws IOException {
    put("empty", "");

    assertThat(store.stat(key("empty")).orElseThrow().size()).isZero();
    assertThat(readString("empty")).isEmpty();
  }

  @Test
  @DisplayName("put reads the stream to its end and leaves closing it to the caller")
  void putDoesNotCloseTheInput() throws IOException {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(bytes("data")) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    store.put(key("k"), in, PutOptions.defaults());

    assertThat(closed[0]).isFalse();
    assertThat(readString("k")).isEqualTo("data");
  }

  @Test
  @DisplayName("a create-only put of an existing key fails and leaves the blob unchanged")
  void createOnlyRefusesExistingKey() throws IOException {
    BlobInfo first = put("a/b", "first");

    assertThatThrownBy(() -> put("a/b", "second, longer"))
        .isInstanceOf(BlobAlreadyExistsException.class)
        .hasMessageContaining("a/b");

    assertThat(readString("a/b")).isEqualTo("first");
    assertThat(store.stat(key("a/b")).orElseThrow().etag()).isEqualTo(first.etag());
    assertThat(listKeys(BlobKey.root())).containsExactly("a/b");
  }

  @Test
  @DisplayName("an overwriting put replaces the blob and changes its etag")
  void overwriteReplaces() throws IOException {
    BlobInfo first = put("k", "first");

    BlobInfo second =
        store.put(key("k"), new ByteArrayInputStream(bytes("second!")), PutOptions.builder().overwrite(true).build());

    assertThat(readString("k")).isEqualTo("second!");
    assertThat(second.size()).isEqualTo(7);
    assertThat(second.etag()).isNotEqualTo(first.etag());
    assertThat(store.stat(key("k")).orElseThrow().etag()).isEqualTo(second.etag());
  }

  @Test
  @DisplayName("an overwriting put of a new key creates it")
  void overwriteCreatesMissingKey() throws IOException {
    store.put(key("new"), new ByteArrayInputStream(bytes("x")), PutOptions.builder().overwrite(true).build());

    assertThat(readString("new")).isEqualTo("x");
  }

  @Test
  @DisplayName("an opened blob keeps serving its content when the key is overwritten")
  void openBlobSurvivesOverwrite() throws IOException {
    put("k", "old content");
    Blob old = store.open(key("k")).orElseThrow();

    store.put(key("k"), new ByteArrayInputStream(bytes("new")), PutOptions.builder().overwrite(true).build());

    assertThat(new String(read(old), UTF_8)).isEqualTo("old content");
    assertThat(readString("k")).isEqualTo("new");
  }

  @Test
  @DisplayName("the stream of a blob can be opened only once")
  void openStreamOnlyOnce() throws IOException {
    put("k", "x");
    try (Blob blob = store.open(key("k")).orElseThrow()) {
      blob.openStream().close();
      assertThatThrownBy(blob::openStream).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName("a put whose input fails half way stores nothing, and the key can be put again")
  void failingInputLeavesNothing() throws IOException {
    InputStream failing = new FailingInputStream(100_000);

    assertThatThrownBy(() -> store.put(key("dist/broken.whl"), failing, PutOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dist/broken.whl");

    assertThat(store.stat(key("dist/broken.whl"))).isEmpty();
    assertThat(store.open(key("dist/broken.whl"))).isEmpty();
    assertThat(listKeys(BlobKey.root())).isEmpty();
    put("dist/broken.whl", "fixed");
    assertThat(readString("dist/broken.whl")).isEqualTo("fixed");
  }

  @Test
  @DisplayName("a failed overwrite leaves the previous blob unchanged")
  void failingOverwriteKeepsOldBlob() throws IOException {
    BlobInfo first = put("k", "kept");

    assertThatThrownBy(
            () -> store.put(key("k"), new FailingInputStream(10), PutOptions.builder().overwrite(true).build()))
        .isInstanceOf(IOException.class);

    assertThat(readString("k")).isEqualTo("kept");
    assertThat(store.stat(key("k")).orElseThrow().etag()).isEqualTo(first.etag());
  }

  @Test
  @DisplayName("a put with a wrong expected SHA-256 or size stores nothing")
  void contentMismatchStoresNothing() throws IOException {
    String wrong = sha256(bytes("something else"));

    assertThatThrownBy(
            () -> store.put(key("k"), new ByteArrayInputStream(bytes("data")), PutOptions.builder().sha256(wrong).build()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("k")
        .hasMessageContaining(wrong);
    assertThatThrownBy(
            () -> store.put(key("k"), new ByteArrayInputStream(bytes("data")), PutOptions.builder().size(3).build()))
        .isInstanceOf(ContentMismatchException.class);
    assertThatThrownBy(
            () -> store.put(key("k"), new ByteArrayInputStream(bytes("data")), PutOptions.builder().size(5).build()))
        .isInstanceOf(ContentMismatchException.class);

    assertThat(store.stat(key("k"))).isEmpty();
    assertThat(listKeys(BlobKey.root())).isEmpty();
  }

  @Test
  @DisplayName("a put with the right expected SHA-256 and size succeeds")
  void matchingExpectationsSucceed() throws IOException {
    PutOptions options =
        PutOptions.builder().sha256(sha256(bytes("data")).toUpperCase()).size(4).contentType("text/plain").build();

    BlobInfo info = store.put(key("k"), new ByteArrayInputStream(bytes("data")), options);

    assertThat(info.sha256()).contains(sha256(bytes("data")));
    assertThat(readString("k")).isEqualTo("data");
  }

  @Test
  @DisplayName("the root key names no blob")
  void rootKeyIsNotABlob() {
    assertThatThrownBy(() -> store.stat(BlobKey.root())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(BlobKey.root(), InputStream.nullInputStream(), PutOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("keys with + ! ~ % spaces and non-ASCII letters round-trip")
  void unusualButValidKeys() throws IOException {
    List<String> keys =
        List.of(
            "pkg/foo-1.0+local.1-py3-none-any.whl",
            "weird/a!b~c%2e%2e",
            "weird/with space.txt",
            "ünïcödé/パッケージ-1.0.tar.gz",
            "emoji/\uD83D\uDE00.txt",
            "_mypi/journal/00000000000000000042.json");
    for (String k : keys) {
      put(k, "content of " + k);
    }

    for (String k : keys) {
      assertThat(readString(k)).isEqualTo("content of " + k);
    }
    assertThat(listKeys(BlobKey.root())).containsExactlyInAnyOrderElementsOf(keys);
  }

  // ---------------------------------------------------------------- stat and delete

  @Test
  @DisplayName("stat and open of a missing key return empty")
  void missingKeyIsEmpty() throws IOException {
    put("a/b", "x");

    assertThat(store.stat(key("missing"))).isEmpty();
    assertThat(store.stat(key("a/c"))).isEmpty();
    assertThat(store.stat(key("a/b/c"))).isEmpty();
    assertThat(store.stat(key("a"))).isEmpty();
    assertThat(store.open(key("missing"))).isEmpty();
    assertThat(store.open(key("missing"), ByteRange.of(0, 1))).isEmpty();
  }

  @Test
  @DisplayName("delete removes a blob and reports whether there was one")
  void deleteReportsPresence() throws IOException {
    put("a/b", "x");
    put("a/c", "y");

    assertThat(store.delete(key("a/b"))).isTrue();
    assertThat(store.delete(key("a/b"))).isFalse();
    assertThat(store.delete(key("never/there"))).isFalse();

    assertThat(store.stat(key("a/b"))).isEmpty();
    assertThat(listKeys(BlobKey.root())).containsExactly("a/c");
    put("a/b", "again");
    assertThat(readString("a/b")).isEqualTo("again");
  }

  // ---------------------------------------------------------------- ranges

  @Nested
  @DisplayName("byte ranges")
  class Ranges {
    private final byte[] content = bytes("0123456789");

    @BeforeEach
    void putContent() throws IOException {
      store.put(key("r"), new ByteArrayInputStream(content), PutOptions.defaults());
    }

    private String range(long offset, long length) throws IOException {
      Blob blob = store.open(key("r"), ByteRange.of(offset, length)).orElseThrow();
      assertThat(blob.range()).isEqualTo(ByteRange.of(offset, length));
      assertThat(blob.info().size()).isEqualTo(10);
      return new String(read(blob), UTF_8);
    }

    @Test
    @DisplayName("serve the start, the middle and the end of a blob")
    void startMiddleEnd() throws IOException {
      assertThat(range(0, 3)).isEqualTo("012");
      assertThat(range(4, 2)).isEqualTo("45");
      assertThat(range(7, 3)).isEqualTo("789");
      assertThat(range(0, 10)).isEqualTo("0123456789");
    }

    @Test
    @DisplayName("a zero-length range up to the end reads nothing")
    void zeroLength() throws IOException {
      assertThat(range(0, 0)).isEmpty();
      assertThat(range(10, 0)).isEmpty();
    }

    @Test
    @DisplayName("a range past the end is refused with the blob's size")
    void outOfRange() {
      assertThatThrownBy(() -> store.open(key("r"), ByteRange.of(8, 3)))
          .isInstanceOfSatisfying(
              RangeNotSatisfiableException.class, e -> assertThat(e.size()).isEqualTo(10))
          .hasMessageContaining("'r'")
          .hasMessageContaining("10 bytes");
      assertThatThrownBy(() -> store.open(key("r"), ByteRange.of(11, 0)))
          .isInstanceOf(RangeNotSatisfiableException.class);
    }
  }

  // ---------------------------------------------------------------- listing

  @Nested
  @DisplayName("listing")
  class Listing {
    @Test
    @DisplayName("returns only keys under the prefix, nested ones included, sorted")
    void byPrefix() throws IOException {
      for (String k : List.of("b/z", "a/b/c", "a/b0", "x", "a/bc", "a/b/a/deep/er", "a-b", "a/a")) {
        put(k, k);
      }

      assertThat(listKeys(key("a"))).containsExactly("a/a", "a/b/a/deep/er", "a/b/c", "a/b0", "a/bc");
      assertThat(listKeys(key("a/b"))).containsExactly("a/b/a/deep/er", "a/b/c");
      assertThat(listKeys(key("a/b/c"))).containsExactly("a/b/c");
      assertThat(listKeys(key("nothing"))).isEmpty();
      assertThat(listKeys(BlobKey.root()))
          .containsExactly("a-b", "a/a", "a/b/a/deep/er", "a/b/c", "a/b0", "a/bc", "b/z", "x");
    }

    @Test
    @DisplayName("is sorted by the UTF-8 bytes of the key, not by segments or UTF-16")
    void utf8Order() throws IOException {
      // '-' (2D) < '.' (2E) < '/' (2F); U+FF41 < U+1F600 although its UTF-16 sorts after the surrogates
      for (String k : List.of("a/b", "a.b", "a-b/c", "\uD83D\uDE00", "\uFF41", "z")) {
        put(k, k);
      }

      List<String> keys = listKeys(BlobKey.root());

      assertThat(keys).containsExactly("a-b/c", "a.b", "a/b", "z", "\uFF41", "\uD83D\uDE00");
    }

    @Test
    @DisplayName("returns BlobInfos that match stat")
    void infosMatchStat() throws IOException {
      put("p/one", "1");
      put("p/two", "22");

      List<BlobInfo> infos;
      try (Stream<BlobInfo> s = store.list(key("p"))) {
        infos = s.collect(Collectors.toList());
      }

      assertThat(infos).extracting(BlobInfo::size).containsExactly(1L, 2L);
      for (BlobInfo info : infos) {
        BlobInfo stat = store.stat(info.key()).orElseThrow();
        assertThat(info.etag()).isEqualTo(stat.etag());
        assertThat(info.lastModified()).isEqualTo(stat.lastModified());
      }
    }

    // Regression guard in the style of Reposilite GH-2612: S3 ListObjectsV2 returns at most 1,000
    // keys per page, so a backend that forgets continuation tokens loses the 1,001st key.
    @Test
    @DisplayName("returns more than 1,000 keys, sorted, with nothing from outside the prefix")
    void moreThanOnePage() throws IOException {
      int count = 1_001;
      for (int i = count - 1; i >= 0; i--) {
        put(String.format("many/%05d.json", i), "{}");
      }
      put("many-not/x", "no");
      put("manz", "no");

      List<String> keys = listKeys(key("many"));

      assertThat(keys).hasSize(count);
      assertThat(keys).isSorted();
      assertThat(keys.get(0)).isEqualTo("many/00000.json");
      assertThat(keys.get(count - 1)).isEqualTo("many/01000.json");
    }

    @Test
    @DisplayName("is consistent with BlobKey ordering")
    void matchesBlobKeyOrder() throws IOException {
      List<String> all = List.of("Z", "a", "a+b", "a~b", "a!b", "a%20b", "a b", "ä", "A/b", "b/B");
      for (String k : all) {
        put(k, k);
      }

      List<BlobKey> listed;
      try (Stream<BlobInfo> s = store.list(BlobKey.root())) {
        listed = s.map(BlobInfo::key).collect(Collectors.toList());
      }

      assertThat(listed).hasSize(all.size()).isSortedAccordingTo(Comparator.naturalOrder());
    }
  }

  // ---------------------------------------------------------------- concurrency

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("of 8 threads racing to create one key, exactly one wins")
    void racingCreateOnlyPutsHaveOneWinner() throws Exception {
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int round = 0; round < 5; round++) {
          BlobKey key = key(String.format("_mypi/journal/%020d.json", round));
          CountDownLatch start = new CountDownLatch(1);
          List<Future<BlobInfo>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            byte[] payload = bytes("{\"writer\":" + t + ",\"padding\":\"" + "x".repeat(t * 1000) + "\"}");
            results.add(
                pool.submit(
                    () -> {
                      start.await();
                      return store.put(key, new ByteArrayInputStream(payload), PutOptions.defaults());
                    }));
          }
          start.countDown();

          List<BlobInfo> winners = new ArrayList<>();
          int losers = 0;
          for (Future<BlobInfo> result : results) {
            try {
              winners.add(result.get());
            } catch (ExecutionException e) {
              assertThat(e.getCause()).isInstanceOf(BlobAlreadyExistsException.class);
              losers++;
            }
          }

          assertThat(winners).as("winners of round %d", round).hasSize(1);
          assertThat(losers).isEqualTo(threads - 1);
          BlobInfo winner = winners.get(0);
          Blob stored = store.open(key).orElseThrow();
          assertThat(stored.info().etag()).isEqualTo(winner.etag());
          assertThat(sha256(read(stored))).isEqualTo(winner.sha256().orElseThrow());
        }
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("readers of one key are unaffected while another key is being written")
    void readersWhileWriting() throws Exception {
      put("stable", "stable content");
      CountDownLatch halfWritten = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      InputStream slow = new PausingInputStream(200_000, halfWritten, finish);
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        Future<BlobInfo> writer =
            pool.submit(() -> store.put(key("growing"), slow, PutOptions.defaults()));
        halfWritten.await();

        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
          readers.add(
              pool.submit(
                  (Callable<Void>)
                      () -> {
                        for (int i = 0; i < 50; i++) {
                          assertThat(readString("stable")).isEqualTo("stable content");
                          assertThat(store.stat(key("growing"))).isEmpty();
                          assertThat(listKeys(BlobKey.root())).containsExactly("stable");
                        }
                        return null;
                      }));
        }
        for (Future<?> reader : readers) {
          reader.get();
        }
        finish.countDown();

        assertThat(writer.get().size()).isEqualTo(200_000);
        assertThat(listKeys(BlobKey.root())).containsExactly("growing", "stable");
      } finally {
        finish.countDown();
        pool.shutdownNow();
      }
    }
  }

  // ---------------------------------------------------------------- put of a local file

  /**
   * Returns the folder the {@code put(BlobKey, Path, PutOptions)} tests write their local files
   * to; a fresh temp folder unless overridden. A store that adopts files from a folder of its own
   * (a spool folder on its file system) overrides this to exercise that path.
   */
  protected Path localFileFolder() throws IOException {
    return localFiles;
  }

  private Path localFile(String name, byte[] content) throws IOException {
    Path folder = localFileFolder();
    Files.createDirectories(folder);
    Path file = folder.resolve(name);
    Files.write(file, content);
    return file;
  }

  @Nested
  @DisplayName("put of a local file")
  class PutFile {
    @Test
    @DisplayName("stores the file's bytes, reports size and SHA-256, and leaves the file as it was")
    void putFileRoundTripsAndLeavesTheFile() throws IOException {
      byte[] content = bytes("a distribution, from a spool file");
      Path file = localFile("upload-1.part", content);

      BlobInfo info = store.put(key("foo/foo-1.0.tar.gz"), file, PutOptions.defaults());

      assertThat(info.key()).isEqualTo(key("foo/foo-1.0.tar.gz"));
      assertThat(info.size()).isEqualTo(content.length);
      assertThat(info.sha256()).contains(sha256(content));
      assertThat(read(store.open(key("foo/foo-1.0.tar.gz")).orElseThrow())).isEqualTo(content);
      assertThat(file).exists().hasBinaryContent(content);
    }

    @Test
    @DisplayName("the blob stays intact when the caller deletes its file")
    void blobOutlivesTheFile() throws IOException {
      byte[] content = bytes("kept after the spool file is gone");
      Path file = localFile("upload-2.part", content);

      store.put(key("k"), file, PutOptions.defaults());
      Files.delete(file);

      assertThat(read(store.open(key("k")).orElseThrow())).isEqualTo(content);
    }

    @Test
    @DisplayName("an empty file is an empty blob")
    void emptyFile() throws IOException {
      Path file = localFile("empty.part", new byte[0]);

      BlobInfo info = store.put(key("empty"), file, PutOptions.defaults());

      assertThat(info.size()).isZero();
      assertThat(read(store.open(key("empty")).orElseThrow())).isEmpty();
    }

    @Test
    @DisplayName("is create-only unless overwrite is set")
    void createOnlyAndOverwrite() throws IOException {
      put("k", "first");
      Path file = localFile("second.part", bytes("second"));

      assertThatThrownBy(() -> store.put(key("k"), file, PutOptions.defaults()))
          .isInstanceOf(BlobAlreadyExistsException.class);
      assertThat(readString("k")).isEqualTo("first");

      store.put(key("k"), file, PutOptions.builder().overwrite(true).build());
      assertThat(readString("k")).isEqualTo("second");
      assertThat(file).hasBinaryContent(bytes("second"));
    }

    @Test
    @DisplayName("a file that does not match the expected size or SHA-256 stores nothing")
    void contentMismatchStoresNothing() throws IOException {
      Path file = localFile("data.part", bytes("data"));

      assertThatThrownBy(
              () -> store.put(key("k"), file, PutOptions.builder().sha256(sha256(bytes("other"))).build()))
          .isInstanceOf(ContentMismatchException.class);
      assertThatThrownBy(() -> store.put(key("k"), file, PutOptions.builder().size(5).build()))
          .isInstanceOf(ContentMismatchException.class);
      assertThatThrownBy(
              () -> store.put(key("k"), file, PutOptions.builder().sha256(sha256(bytes("data"))).verifySha256(false).size(3).build()))
          .isInstanceOf(ContentMismatchException.class);

      assertThat(store.stat(key("k"))).isEmpty();
      assertThat(listKeys(BlobKey.root())).isEmpty();
      assertThat(file).hasBinaryContent(bytes("data"));
    }

    @Test
    @DisplayName("a SHA-256 the caller vouches for (verifySha256 false) is reported as the blob's")
    void trustedSha256IsReported() throws IOException {
      byte[] content = bytes("hashed by the caller while it received the bytes");
      Path file = localFile("trusted.part", content);
      PutOptions options = PutOptions.builder().sha256(sha256(content)).verifySha256(false).size(content.length).build();

      BlobInfo info = store.put(key("t"), file, options);

      assertThat(info.sha256()).contains(sha256(content));
      assertThat(read(store.open(key("t")).orElseThrow())).isEqualTo(content);
    }

    @Test
    @DisplayName("of 8 threads putting different files at one key, exactly one wins")
    void racingFilePutsHaveOneWinner() throws Exception {
      int threads = 8;
      List<Path> files = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        files.add(localFile("racer-" + t + ".part", bytes("writer " + t + " " + "y".repeat(t * 5000))));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BlobInfo>> results = new ArrayList<>();
        for (Path file : files) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return store.put(key("race"), file, PutOptions.defaults());
                  }));
        }
        start.countDown();
        List<BlobInfo> winners = new ArrayList<>();
        for (Future<BlobInfo> result : results) {
          try {
            winners.add(result.get());
          } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BlobAlreadyExistsException.class);
          }
        }

        assertThat(winners).hasSize(1);
        assertThat(sha256(read(store.open(key("race")).orElseThrow()))).isEqualTo(winners.get(0).sha256().orElseThrow());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  // ---------------------------------------------------------------- large blobs

  @Test
  @DisplayName("a large blob is streamed in and out intact")
  void largeBlobStreams() throws IOException {
    long size = largeBlobSize();
    GeneratedInputStream generated = new GeneratedInputStream(size);

    BlobInfo info = store.put(key("big/blob.bin"), generated, PutOptions.builder().size(size).build());

    String expected = generated.sha256();
    assertThat(info.size()).isEqualTo(size);
    assertThat(info.sha256()).contains(expected);
    try (Blob blob = store.open(key("big/blob.bin")).orElseThrow();
        HashingInputStream in = new HashingInputStream(Hashing.sha256(), blob.openStream())) {
      assertThat(ByteStreams.exhaust(in)).isEqualTo(size);
      assertThat(in.hash().toString()).isEqualTo(expected);
    }
    try (Blob tail = store.open(key("big/blob.bin"), ByteRange.of(size - 100, 100)).orElseThrow()) {
      byte[] bytes = read(tail);
      assertThat(bytes).hasSize(100);
      for (int i = 0; i < 100; i++) {
        assertThat(bytes[i]).isEqualTo(GeneratedInputStream.byteAt(size - 100 + i));
      }
    }
  }

  // ---------------------------------------------------------------- test streams

  /** Delivers {@code failAfter} bytes, then throws. */
  protected static final class FailingInputStream extends InputStream {
    private final long failAfter;
    private long delivered;

    public FailingInputStream(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (delivered >= failAfter) {
        throw new IOException("connection reset by the test");
      }
      int n = (int) Math.min(len, failAfter - delivered);
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      delivered += n;
      return n;
    }
  }

  /** Delivers half of {@code size} bytes, signals {@code halfWritten}, waits for {@code finish}, delivers the rest. */
  private static final class PausingInputStream extends InputStream {
    private final long size;
    private final CountDownLatch halfWritten;
    private final CountDownLatch finish;
    private long delivered;

    PausingInputStream(long size, CountDownLatch halfWritten, CountDownLatch finish) {
      this.size = size;
      this.halfWritten = halfWritten;
      this.finish = finish;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (delivered >= size) {
        return -1;
      }
      if (delivered >= size / 2 && halfWritten.getCount() > 0) {
        halfWritten.countDown();
        try {
          finish.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
      }
      long limit = delivered < size / 2 ? size / 2 : size;
      int n = (int) Math.min(len, limit - delivered);
      java.util.Arrays.fill(b, off, off + n, (byte) 'g');
      delivered += n;
      return n;
    }
  }

  /** Generates {@code size} deterministic bytes without holding them, hashing them as it goes. */
  protected static final class GeneratedInputStream extends InputStream {
    private final long size;
    private final Hasher hasher = Hashing.sha256().newHasher();
    private long position;

    public GeneratedInputStream(long size) {
      this.size = size;
    }

    /** Returns the byte at {@code position}. */
    public static byte byteAt(long position) {
      long x = position * 0x9E3779B97F4A7C15L;
      return (byte) (x >>> 56 ^ position);
    }

    /** Returns the SHA-256 of the bytes generated so far; call once, after reading to the end. */
    public String sha256() {
      return hasher.hash().toString();
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = byteAt(position + i);
      }
      hasher.putBytes(b, off, n);
      position += n;
      return n;
    }
  }
}
