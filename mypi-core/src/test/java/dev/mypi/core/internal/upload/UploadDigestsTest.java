package dev.mypi.core.internal.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.upload.DigestAlgorithm;
import dev.mypi.core.upload.FileDigests;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
class UploadDigestsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int THRESHOLD = (int) UploadDigests.PARALLEL_THRESHOLD;
  private static final Set<DigestAlgorithm> ALL = EnumSet.allOf(DigestAlgorithm.class);

  private static FileDigests reference(byte[] data) throws Exception {
    Blake2bDigest blake = new Blake2bDigest(256);
    blake.update(data, 0, data.length);
    byte[] b = new byte[32];
    blake.doFinal(b, 0);
    return new FileDigests(
        HEX.formatHex(MessageDigest.getInstance("MD5").digest(data)),
        HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
        HEX.formatHex(b));
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  /** Feeds {@code data} in random pieces, overwriting each piece after the call as a sink's buffer would be. */
  private static UploadDigests feed(byte[] data, long seed) throws Exception {
    return feed(data, seed, ALL);
  }

  private static UploadDigests feed(byte[] data, long seed, Set<DigestAlgorithm> algorithms)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    UploadDigests digests = new UploadDigests(algorithms);
    byte[] buffer = new byte[200_000];
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, 1 + random.nextInt(buffer.length));
      System.arraycopy(data, at, buffer, 0, n);
      digests.update(buffer, 0, n);
      random.nextBytes(buffer); // the caller reuses its buffer at once
      at += n;
    }
    return digests;
  }

  @Test
  void smallFilesAreHashedOnTheCallersThread() throws Exception {
    byte[] data = random(THRESHOLD, 1);

    UploadDigests digests = feed(data, 2);

    assertThat(digests.parallel()).isFalse();
    assertThat(digests.finish()).isEqualTo(reference(data));
  }

  @Test
  void largeFilesAreHashedByWorkersWithTheSameResult() throws Exception {
    for (int size : new int[] {THRESHOLD + 1, THRESHOLD + UploadDigests.CHUNK_SIZE, 3 * THRESHOLD + 12_345}) {
      byte[] data = random(size, size);

      UploadDigests digests = feed(data, 3);

      assertThat(digests.parallel()).isTrue();
      assertThat(digests.finish()).as("size %d", size).isEqualTo(reference(data));
      assertThat(digests.parallel()).isFalse();
    }
  }

  @Test
  void onlySha256IsComputedWhenNothingElseIsAskedForByOneWorker() throws Exception {
    byte[] data = random(2 * THRESHOLD + 7, 6);

    UploadDigests digests = feed(data, 7, EnumSet.of(DigestAlgorithm.SHA256));

    assertThat(workers()).extracting(Thread::getName).containsOnly("mypi-upload-sha256");
    FileDigests expected = reference(data);
    assertThat(digests.finish()).isEqualTo(new FileDigests(null, expected.sha256(), null));
  }

  @Test
  void oneWeakerDigestIsComputedByOneMoreWorker() throws Exception {
    byte[] data = random(2 * THRESHOLD + 7, 8);
    FileDigests expected = reference(data);

    UploadDigests blake = feed(data, 9, EnumSet.of(DigestAlgorithm.SHA256, DigestAlgorithm.BLAKE2B_256));
    assertThat(workers()).extracting(Thread::getName).containsOnly("mypi-upload-sha256", "mypi-upload-blake2b");
    assertThat(blake.finish()).isEqualTo(new FileDigests(null, expected.sha256(), expected.blake2b256()));

    UploadDigests md5 = feed(data, 10, EnumSet.of(DigestAlgorithm.SHA256, DigestAlgorithm.MD5));
    assertThat(md5.finish()).isEqualTo(new FileDigests(expected.md5(), expected.sha256(), null));
  }

  @Test
  void releasingAnAbandonedUploadEndsItsWorkerThreads() throws Exception {
    UploadDigests digests = feed(random(2 * THRESHOLD, 4), 5);
    assertThat(workers()).isNotEmpty();

    digests.release();

    for (Thread worker : workers()) {
      worker.join();
    }
    assertThat(workers()).isEmpty();
  }

  private static List<Thread> workers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("mypi-upload-") && t.isAlive())
        .collect(Collectors.toList());
  }

  @Test
  void lentBuffersAreHashedWhereTheyAreInOrderWithCopiedBytesAndReleasedOnce() throws Exception {
    for (int size : new int[] {THRESHOLD / 2, 3 * THRESHOLD + 12_345}) {
      byte[] data = random(size, size);
      SplittableRandom random = new SplittableRandom(size);
      UploadDigests digests = new UploadDigests(ALL);
      List<AtomicInteger> releases = new java.util.ArrayList<>();
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, 1 + random.nextInt(600_000));
        if (random.nextBoolean()) {
          byte[] copied = java.util.Arrays.copyOfRange(data, at, at + n);
          digests.update(copied, 0, n);
          random.nextBytes(copied); // a copied piece may change at once
        } else {
          ByteBuffer lent = ByteBuffer.allocateDirect(n + 10).position(5);
          lent.put(data, at, n).flip().position(5);
          AtomicInteger released = new AtomicInteger();
          releases.add(released);
          digests.update(
              lent,
              () -> {
                released.incrementAndGet();
                lent.clear();
                while (lent.hasRemaining()) {
                  lent.put((byte) 0x5a); // reused as soon as it is released
                }
              });
        }
        at += n;
      }

      assertThat(digests.finish()).as("size %d", size).isEqualTo(reference(data));
      assertThat(releases).as("size %d", size).isNotEmpty().allSatisfy(r -> assertThat(r.get()).isEqualTo(1));
    }
  }
}
