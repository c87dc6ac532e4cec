package dev.mypi.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.core.storage.ContentMismatchException;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What S3 adds to the {@link BlobStore} contract: pagination, exact part sizes, abort on failure,
 * checksums, create-only races (small and multipart), unknown outcomes, prefixes, no side effects.
 * Runs against every S3-compatible server the subclasses start ({@code server()}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hang guard
abstract class S3StoreBehaviour {
  static final int MIB = 1 << 20;
  static final long PART = 5L * MIB;

  /** Returns the running server. */
  abstract S3TestServer server();

  RecordingInterceptor recorder;
  S3Client client;
  String bucket;
  S3BlobStore store;

  @BeforeEach
  void newStore() {
    recorder = new RecordingInterceptor();
    client = server().client(recorder);
    bucket = server().createBucket();
    store = S3BlobStore.builder().client(client).bucket(bucket).partSize(PART).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
    client.close();
  }

  static InputStream generated(long size) {
    return new InputStream() {
      long position;

      @Override
      public int read() {
        return position < size ? byteAt(position++) & 0xff : -1;
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
        position += n;
        return n;
      }
    };
  }

  static byte byteAt(long position) {
    return (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56 ^ position);
  }

  static byte[] generatedBytes(long from, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = byteAt(from + i);
    }
    return b;
  }

  static String sha256Base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(Hashing.sha256().hashBytes(bytes).asBytes());
  }

  static PutOptions sized(long size) {
    return PutOptions.builder().size(size).build();
  }

  List<Long> partLengths() {
    return recorder.sent("UploadPart").stream().map(RecordingInterceptor.Sent::contentLength).toList();
  }

  List<String> keysInBucket() {
    return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
  }

  // ---------------------------------------------------------------- listing

  @Test
  void listsMoreThanOneThousandKeysPageByPageAndFetchesPagesOnlyWhenConsumed() throws Exception {
    // given: 1,001 keys under a prefix (written directly, in parallel) and neighbours outside it
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < 1_001; i++) {
        String key = String.format("_mypi/journal/%020d.json", i + 1);
        puts.add(pool.submit(() -> client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("{}"))));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
    client.putObject(b -> b.bucket(bucket).key("_mypi/journal-old/x"), RequestBody.fromString("no"));
    client.putObject(b -> b.bucket(bucket).key("_mypi/snapshots/x"), RequestBody.fromString("no"));
    recorder.clear();

    // when: all of it is listed, then only the first ten
    List<String> all;
    try (Stream<BlobInfo> listed = store.list(BlobKey.of("_mypi/journal"))) {
      all = listed.map(info -> info.key().toString()).collect(Collectors.toList());
    }
    int pagesForAll = recorder.sent("ListObjectsV2").size();
    recorder.clear();
    try (Stream<BlobInfo> listed = store.list(BlobKey.of("_mypi/journal"))) {
      assertThat(listed.limit(10).count()).isEqualTo(10);
    }

    // then
    assertThat(all).hasSize(1_001).isSorted().doesNotContain("_mypi/journal-old/x");
    assertThat(all.get(1_000)).isEqualTo("_mypi/journal/00000000000000001001.json");
    assertThat(pagesForAll).as("ListObjectsV2 pages of at most 1,000 keys").isEqualTo(2);
    assertThat(recorder.sent("ListObjectsV2")).as("pages fetched for the first ten").hasSize(1);
  }

  // ---------------------------------------------------------------- puts

  @Test
  void aBodyOfAtMostOnePartIsOnePutObjectWithItsSha256AsChecksum() throws IOException {
    byte[] exactlyOnePart = generatedBytes(0, (int) PART);

    BlobInfo info = store.put(BlobKey.of("one/part"), new ByteArrayInputStream(exactlyOnePart), PutOptions.defaults());

    assertThat(recorder.sent("CreateMultipartUpload")).isEmpty();
    List<RecordingInterceptor.Sent> puts = recorder.sent("PutObject");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).contentLength()).isEqualTo(PART);
    assertThat(puts.get(0).checksumSha256()).contains(sha256Base64(exactlyOnePart));
    assertThat(info.sha256()).contains(Hashing.sha256().hashBytes(exactlyOnePart).toString());
    assertThat(store.stat(BlobKey.of("one/part")).orElseThrow().sha256()).isEqualTo(info.sha256());
  }

  @Test
  void longerBodiesAreMultipartUploadsOfExactlyThePartSizeWithAShorterLastPart() throws IOException {
    long size = 2 * PART + PART / 2;
    byte[] whole = generatedBytes(0, (int) size);

    BlobInfo info = store.put(BlobKey.of("big/whole"), new ByteArrayInputStream(whole), PutOptions.builder().sha256(Hashing.sha256().hashBytes(whole).toString()).build());

    assertThat(partLengths()).containsExactly(PART, PART, PART / 2);
    List<RecordingInterceptor.Sent> parts = recorder.sent("UploadPart");
    assertThat(parts.get(0).checksumSha256()).contains(sha256Base64(generatedBytes(0, (int) PART)));
    assertThat(parts.get(2).checksumSha256()).contains(sha256Base64(generatedBytes(2 * PART, (int) (PART / 2))));
    assertThat(recorder.sent("PutObject")).isEmpty();
    assertThat(info.size()).isEqualTo(size);
    assertThat(store.stat(BlobKey.of("big/whole")).orElseThrow().sha256()).contains(Hashing.sha256().hashBytes(whole).toString());
    try (Blob blob = store.open(BlobKey.of("big/whole")).orElseThrow(); InputStream in = blob.openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(whole);
    }
  }

  @Test
  void bodiesOfWholePartsHaveNoEmptyLastPartAndOneByteMoreIsOneMorePart() throws IOException {
    store.put(BlobKey.of("two-parts"), generated(2 * PART), sized(2 * PART));
    assertThat(partLengths()).containsExactly(PART, PART);
    recorder.clear();

    store.put(BlobKey.of("one-part-and-a-byte"), generated(PART + 1), PutOptions.defaults());
    assertThat(partLengths()).containsExactly(PART, 1L);

    assertThat(store.stat(BlobKey.of("two-parts")).orElseThrow().size()).isEqualTo(2 * PART);
    assertThat(store.stat(BlobKey.of("one-part-and-a-byte")).orElseThrow().size()).isEqualTo(PART + 1);
  }

  @Test
  void aMultipartUploadWhoseInputFailsIsAbortedAndLeavesNothing() {
    InputStream failsAfterTwoParts =
        new java.io.SequenceInputStream(generated(2 * PART + 1000), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset by the test");
          }
        });

    assertThatThrownBy(() -> store.put(BlobKey.of("dist/broken.whl"), failsAfterTwoParts, PutOptions.defaults()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("dist/broken.whl");

    assertThat(partLengths()).containsExactly(PART, PART);
    assertThat(recorder.sent("AbortMultipartUpload")).hasSize(1);
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keysInBucket()).isEmpty();
  }

  @Test
  void aMultipartUploadWhoseSha256DiffersFromThePromiseIsAbortedBeforeItBecomesVisible() {
    String wrong = Hashing.sha256().hashString("something else", UTF_8).toString();

    assertThatThrownBy(() -> store.put(BlobKey.of("k"), generated(PART + 10), PutOptions.builder().sha256(wrong).build()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining(wrong);

    assertThat(recorder.sent("CompleteMultipartUpload")).isEmpty();
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keysInBucket()).isEmpty();
  }

  // ---------------------------------------------------------------- races

  private void race(int writers, int rounds, long size) throws Exception {
    // three clients, as three nodes, all with the same part size: every writer takes the same path
    List<S3BlobStore> nodes = List.of(store, server().newStoreOn(bucket, PART), server().newStoreOn(bucket, PART));
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < rounds; round++) {
        BlobKey key = BlobKey.of(String.format("_mypi/journal/%020d.json", round));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BlobInfo>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          BlobStore node = nodes.get(w % nodes.size());
          long offset = w * 7919L; // different content per writer
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return node.put(key, new java.io.SequenceInputStream(new ByteArrayInputStream(generatedBytes(offset, 1)), generated(size)), PutOptions.defaults());
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
        assertThat(winners).as("winners of round %d on %s", round, server()).hasSize(1);
        BlobInfo stored = store.stat(key).orElseThrow();
        assertThat(stored.etag()).as("the stored object is the winner's").isEqualTo(winners.get(0).etag());
      }
    } finally {
      pool.shutdownNow();
      nodes.get(1).close();
      nodes.get(2).close();
    }
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("no multipart upload left behind").isEmpty();
  }

  /** The journal's case: small create-only puts. */
  @Test
  void ofWritersRacingToCreateOneSmallKeyFromThreeClientsExactlyOneWinsEveryRound() throws Exception {
    race(8, 10, 200);
  }

  @Test
  void ofWritersRacingToCreateOneKeyWithSinglePutsOfFourMegabytesExactlyOneWins() throws Exception {
    race(4, 6, PART - (1 << 20));
  }

  @Test
  void ofWritersRacingToCompleteMultipartUploadsOfOneKeyExactlyOneWins() throws Exception {
    race(4, 6, PART + 100);
  }

  // ---------------------------------------------------------------- unknown outcomes

  @Test
  void aCreateOnlyPutWhoseResponseWasLostRecognisesTheObjectAsItsOwn() throws IOException {
    recorder.loseNextPutResponses(1);

    BlobInfo info = store.put(BlobKey.of("_mypi/journal/1.json"), new ByteArrayInputStream("{\"mine\":1}".getBytes(UTF_8)), PutOptions.defaults());

    assertThat(recorder.sent("PutObject")).hasSizeGreaterThanOrEqualTo(1);
    assertThat(info.sha256()).contains(Hashing.sha256().hashString("{\"mine\":1}", UTF_8).toString());
    assertThat(store.stat(BlobKey.of("_mypi/journal/1.json")).orElseThrow().sha256()).isEqualTo(info.sha256());
  }

  @Test
  void aCreateOnlyPutWhoseResponseWasLostOnAKeyAnotherWriterHoldsFailsAsAlreadyExisting() throws IOException {
    client.putObject(b -> b.bucket(bucket).key("_mypi/journal/1.json"), RequestBody.fromString("{\"theirs\":1}"));
    recorder.loseNextPutResponses(5);

    assertThatThrownBy(() -> store.put(BlobKey.of("_mypi/journal/1.json"), new ByteArrayInputStream("{\"mine\":1}".getBytes(UTF_8)), PutOptions.defaults()))
        .isInstanceOf(BlobAlreadyExistsException.class);

    try (Blob blob = store.open(BlobKey.of("_mypi/journal/1.json")).orElseThrow(); InputStream in = blob.openStream()) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("{\"theirs\":1}");
    }
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void keepsEveryKeyBelowThePrefixAndListsOnlyThose() throws IOException {
    client.putObject(b -> b.bucket(bucket).key("other/data"), RequestBody.fromString("not ours"));
    try (S3BlobStore prefixed = S3BlobStore.builder().client(client).bucket(bucket).prefix("pypi/idx").build()) {
      prefixed.put(BlobKey.of("files/a/x.whl"), new ByteArrayInputStream(new byte[] {1}), PutOptions.defaults());

      assertThat(keysInBucket()).containsExactly("other/data", "pypi/idx/files/a/x.whl");
      try (Stream<BlobInfo> listed = prefixed.list(BlobKey.root())) {
        assertThat(listed.map(i -> i.key().toString())).containsExactly("files/a/x.whl");
      }
      assertThat(prefixed.prefix()).isEqualTo("pypi/idx/");
    }
  }

  @Test
  void theProviderBuildsAStoreFromStringsWithCredentialsFromTheDefaultChain() throws IOException {
    // credentials: the aws.accessKeyId/aws.secretAccessKey system properties Surefire sets, one link of the SDK's default chain
    Map<String, String> config =
        Map.of("bucket", bucket, "endpoint", server().endpoint().toString(), "path-style", "true", "prefix", "mypi/", "part-size", "5MiB");
    try (BlobStore s3 = BlobStores.create("s3", config)) {
      s3.put(BlobKey.of("hello"), new ByteArrayInputStream("hi".getBytes(UTF_8)), PutOptions.defaults());

      assertThat(keysInBucket()).containsExactly("mypi/hello");
      assertThat(((S3BlobStore) s3).partSize()).isEqualTo(PART);
    }
  }

  @Test
  void buildingAStoreSendsNoRequestAndNeverCreatesTheBucket() {
    recorder.clear();
    S3BlobStore missing = S3BlobStore.builder().client(client).bucket("no-such-bucket-here").build();

    assertThat(recorder.all()).as("requests sent by building").isEmpty();
    assertThatThrownBy(() -> missing.put(BlobKey.of("k"), new ByteArrayInputStream(new byte[1]), PutOptions.defaults()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("k: cannot store")
        .hasMessageContaining("404");
    assertThat(recorder.sent("CreateBucket")).isEmpty();
    assertThatThrownBy(() -> client.headBucket(b -> b.bucket("no-such-bucket-here"))).isInstanceOf(S3Exception.class);
  }
}
