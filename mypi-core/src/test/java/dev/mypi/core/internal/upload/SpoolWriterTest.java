package dev.mypi.core.internal.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
class SpoolWriterTest {
  private static final int CHUNK = 1000;

  @TempDir Path dir;

  /** Records the writer threads it makes, so tests can check that none outlives a call. */
  private static final class Threads implements ThreadFactory {
    final List<Thread> made = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
      Thread t = new Thread(task, "spool-writer-test");
      t.setDaemon(true);
      made.add(t);
      return t;
    }

    boolean anyAlive() {
      return made.stream().anyMatch(Thread::isAlive);
    }
  }

  /** A channel that collects what is written, a few bytes at a time, optionally failing. */
  private static final class Collecting implements WritableByteChannel {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final long failAfter;

    Collecting(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
      if (written.size() >= failAfter) {
        throw new IOException("No space left on device");
      }
      int n = Math.min(src.remaining(), 333); // short writes, as a channel may do
      byte[] part = new byte[n];
      src.get(part);
      written.write(part, 0, n);
      return n;
    }

    synchronized byte[] bytes() {
      return written.toByteArray();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** Hands out its data in pieces of random size, as a network stream does. */
  private static InputStream trickling(byte[] data, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
      }
    };
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  /** Copies inline and bulk parts into the same channel, checking where the bulk part starts. */
  private static long copy(InputStream in, Collecting out, SpoolWriter.Settings settings) throws IOException {
    return SpoolWriter.copy(
        in,
        out,
        position -> {
          assertThat(position).as("the bulk part starts where the inline part ended").isEqualTo(out.bytes().length);
          return data -> {
            while (data.hasRemaining()) {
              out.write(data);
            }
          };
        },
        settings);
  }

  private static SpoolWriter.Settings settings(int chunks, long inline, ThreadFactory threads) {
    return new SpoolWriter.Settings(CHUNK, chunks, inline, threads);
  }

  @Test
  void writesEveryByteInOrderAroundEveryChunkAndInlineBoundary() throws IOException {
    int[] sizes = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK - 1, 3 * CHUNK + 1, 57_123};
    for (int size : sizes) {
      for (long inline : new long[] {0, CHUNK, 2 * CHUNK, 1 << 20}) {
        byte[] data = random(size, size);
        Collecting out = new Collecting(Long.MAX_VALUE);
        Threads threads = new Threads();

        long written = copy(trickling(data, size + inline), out, settings(3, inline, threads));

        assertThat(written).as("size %d, inline %d", size, inline).isEqualTo(size);
        assertThat(out.bytes()).as("size %d, inline %d", size, inline).isEqualTo(data);
        assertThat(threads.anyAlive()).isFalse();
      }
    }
  }

  @Test
  void writesSmallFilesOnTheCallersThreadAndLargeOnesOnAWriterThread() throws IOException {
    Threads small = new Threads();
    copy(new ByteArrayInputStream(random(2 * CHUNK, 1)), new Collecting(Long.MAX_VALUE), settings(2, 2 * CHUNK, small));
    Threads large = new Threads();
    copy(new ByteArrayInputStream(random(20 * CHUNK, 2)), new Collecting(Long.MAX_VALUE), settings(2, 2 * CHUNK, large));

    assertThat(small.made).isEmpty();
    assertThat(large.made).hasSize(1);
    assertThat(large.anyAlive()).isFalse();
  }

  @Test
  void aFailedWriteReachesTheCallerAndStopsTheReading() throws IOException {
    byte[] data = random(500 * CHUNK, 3);
    Threads threads = new Threads();
    Collecting out = new Collecting(10 * CHUNK);
    InputStream in = new ByteArrayInputStream(data);

    assertThatThrownBy(() -> copy(in, out, settings(2, 0, threads)))
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    assertThat(threads.anyAlive()).isFalse();
    assertThat(data.length - in.available()).as("bytes read").isLessThan(20 * CHUNK);
  }

  @Test
  void aFailedReadReachesTheCallerAndTheWriterHasEndedWhenItDoes() {
    byte[] data = random(50 * CHUNK, 4);
    Threads threads = new Threads();
    InputStream cut =
        new FilterInputStream(new ByteArrayInputStream(data)) {
          private int read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read > 20 * CHUNK) {
              throw new IOException("the client went away");
            }
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
          }
        };

    assertThatThrownBy(() -> copy(cut, new Collecting(Long.MAX_VALUE), settings(3, CHUNK, threads)))
        .hasMessage("the client went away");
    assertThat(threads.made).hasSize(1);
    assertThat(threads.anyAlive()).isFalse();
  }

  @Test
  void anInterruptedCallerGetsAnInterruptedIoExceptionAndNoWriterIsLeft() {
    byte[] data = random(50 * CHUNK, 5);
    Threads threads = new Threads();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> copy(new ByteArrayInputStream(data), new Collecting(Long.MAX_VALUE), settings(1, 0, threads)))
          .isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(threads.made).hasSize(1);
    assertThat(threads.anyAlive()).isFalse();
  }

  @Test
  void replacesTheContentsOfTheSpoolFile() throws IOException {
    Path file = Files.write(dir.resolve("upload.part"), random(10 * CHUNK, 6));
    byte[] data = random(3 * CHUNK, 7);

    long written = SpoolWriter.write(new ByteArrayInputStream(data), file);

    assertThat(written).isEqualTo(data.length);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  @Test
  void writesALargeFileThroughTheWriterThread() throws IOException {
    Path file = Files.createFile(dir.resolve("large.part"));
    byte[] data = random((int) SpoolWriter.INLINE_BYTES + 3 * SpoolWriter.CHUNK_SIZE + 17, 8);

    long written = SpoolWriter.write(trickling(data, 8), file);

    assertThat(written).isEqualTo(data.length);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  @Test
  void writesEveryByteWhenTheFileEndsAroundAReadOrAWrite() throws IOException {
    int inline = (int) SpoolWriter.INLINE_BYTES;
    int chunk = SpoolWriter.CHUNK_SIZE;
    int read = SpoolWriter.READ_SIZE;
    int[] bulkSizes = {1, 4095, 4097, read - 1, read, read + 1, chunk - 1, chunk, chunk + 1, 2 * chunk + 512, 3 * chunk + read};
    for (int bulk : bulkSizes) {
      Path file = Files.createFile(dir.resolve("around-" + bulk + ".part"));
      byte[] data = random(inline + bulk, bulk);

      long written = SpoolWriter.write(trickling(data, bulk), file);

      assertThat(written).as("bulk part of %d bytes", bulk).isEqualTo(data.length);
      assertThat(Files.readAllBytes(file)).as("bulk part of %d bytes", bulk).isEqualTo(data);
    }
  }

  @Test
  void writesTheSameBytesOnTmpfsWhereDirectIoMayBeRefused() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
    Path file = Files.createTempFile(shm, "spool-writer-test-", ".part");
    try {
      byte[] data = random((int) SpoolWriter.INLINE_BYTES + 2 * SpoolWriter.CHUNK_SIZE + 4097, 9);

      long written = SpoolWriter.write(trickling(data, 9), file);

      assertThat(written).isEqualTo(data.length);
      assertThat(Files.readAllBytes(file)).isEqualTo(data);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * A direct input over {@code data}, trickling like {@link #trickling}, that takes each lent
   * buffer on a thread of its own after a pause and copies it out only then, as a digest thread
   * would read it: a buffer reused before its release would show in {@link #seen}.
   */
  private static final class LendingInput extends InputStream implements DirectInput {
    final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final InputStream in;
    private final SplittableRandom random;
    private long unlent;
    int lent;

    LendingInput(byte[] data, long seed) {
      in = trickling(data, seed);
      random = new SplittableRandom(seed);
    }

    @Override
    public int read() throws IOException {
      throw new AssertionError("single-byte read");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      assertThat(unlent).as("bytes read into a buffer are lent before the next array read").isZero();
      int n = in.read(b, off, len);
      if (n > 0) {
        seen.write(b, off, n);
      }
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      byte[] b = new byte[dst.remaining()];
      int n = in.read(b, 0, b.length);
      if (n > 0) {
        dst.put(b, 0, n);
        unlent += n;
      }
      return n;
    }

    @Override
    public void lend(ByteBuffer data, Runnable release) {
      assertThat((long) data.remaining()).as("lent no more than was read").isLessThanOrEqualTo(unlent);
      unlent -= data.remaining();
      lent++;
      long pause = random.nextLong(200_000);
      reader.execute(
          () -> {
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            byte[] b = new byte[data.remaining()];
            data.get(b);
            synchronized (seen) {
              seen.write(b, 0, b.length);
            }
            release.run();
          });
    }

    byte[] seen() throws InterruptedException {
      reader.shutdown();
      assertThat(reader.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      return seen.toByteArray();
    }
  }

  @Test
  void aDirectInputFillsTheChunksAndHasEachBackBeforeItIsReused() throws Exception {
    int[] sizes = {3 * CHUNK - 1, 3 * CHUNK + 1, 57_123};
    for (int size : sizes) {
      for (long inline : new long[] {0, CHUNK, 2 * CHUNK}) {
        for (int chunks : new int[] {1, 2, 4}) {
          byte[] data = random(size, size + inline);
          LendingInput in = new LendingInput(data, size + inline + chunks);
          Collecting out = new Collecting(Long.MAX_VALUE);
          Threads threads = new Threads();

          long written = copy(in, out, settings(chunks, inline, threads));

          String as = String.format("size %d, inline %d, chunks %d", size, inline, chunks);
          assertThat(written).as(as).isEqualTo(size);
          assertThat(out.bytes()).as(as).isEqualTo(data);
          assertThat(java.util.Arrays.mismatch(in.seen(), data))
              .as(as + ": first byte not seen as read (read, then lent, in order, unchanged until released)")
              .isEqualTo(-1);
          assertThat(in.lent).as(as).isGreaterThanOrEqualTo((int) ((size - inline) / CHUNK) - 1);
          assertThat(threads.anyAlive()).isFalse();
        }
      }
    }
  }
}
