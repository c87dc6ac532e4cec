package dev.mypi.core.internal.upload;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an upload's file part into its spool file, reading on the caller's thread and, for large
 * files, writing on a second thread, so that receiving and scanning the body overlap with the
 * writes. The part past the first few MiB is written with direct I/O ({@code O_DIRECT}) where the
 * file system allows it: the kernel then neither copies the bytes into the page cache nor writes
 * them back later, which saved about 0.5 CPU-seconds per GiB (as much as SHA-256 costs); the file
 * is still forced to disk by whoever publishes it. Where direct I/O is refused (tmpfs, other
 * operating systems, alignment the JDK rejects) the writes go through the page cache as before.
 *
 * <p>The first {@link Settings#inlineBytes} bytes are written on the caller's thread, so small
 * uploads start no thread. Beyond that the caller copies what it reads into at most {@link
 * Settings#chunks} native buffers of {@link Settings#chunkSize} bytes (block-aligned for direct
 * I/O), and the writer thread writes each straight from there: the bytes are copied while they
 * are in the reading thread's cache, and the writer, which mostly waits for the device, touches
 * none of them. Writes are 1 MiB ({@link #CHUNK_SIZE}), since each direct write waits for the
 * device. When the stream is a {@link DirectInput} (an upload's {@link ContentStream}), the caller
 * reads straight into the chunks and lends each to the stream, whose digest threads hash it while
 * the writer writes it; the chunk is reused when both are done. The reader waits for a free buffer
 * when the writer falls behind, so memory stays flat whatever the size of the file. Whatever
 * happens, the writer thread has ended when a call returns or throws: a failed read abandons the
 * buffers not yet written, and a failed write is thrown to the caller (the reader stops at its
 * next buffer).
 */
public final class SpoolWriter {
  /**
   * Size of a write past the inline part. A direct write returns when the device has the data, one
   * at a time, so the size sets the throughput: on the benchmark machine's disk 256 KiB writes
   * reach 0.8 GB/s, 1 MiB ones 1.4 GB/s, as fast as 4 MiB.
   */
  static final int CHUNK_SIZE = 1 << 20;

  /** Chunks per upload: one being filled, the others being written and hashed, or waiting. */
  static final int CHUNKS = 4;

  /** Size of the caller's reads from the stream (at most the chunk size). */
  static final int READ_SIZE = 256 * 1024;

  /** Bytes written on the caller's thread before the writer thread starts. */
  static final long INLINE_BYTES = 4L << 20;

  private static final Logger logger = LoggerFactory.getLogger(SpoolWriter.class);

  private static final Settings DEFAULTS =
      new Settings(
          CHUNK_SIZE,
          CHUNKS,
          INLINE_BYTES,
          task -> {
            Thread t = new Thread(task, "mypi-upload-spool");
            t.setDaemon(true);
            return t;
          });

  private SpoolWriter() {}

  /**
   * Replaces the contents of {@code file} with everything {@code in} has, up to its end; returns
   * the number of bytes written. The file is not forced to disk.
   *
   * @throws IOException if reading {@code in} or writing {@code file} fails
   */
  public static long write(InputStream in, Path file) throws IOException {
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      return copy(in, out, position -> bulk(file, out, position), DEFAULTS);
    }
  }

  /**
   * How {@link #copy} buffers: {@code chunkSize} bytes per write, at most {@code chunks} buffers
   * (from {@link Bulk#allocate}), the first {@code inlineBytes} written on the caller's thread, the
   * rest on a thread of {@code threads}.
   */
  record Settings(int chunkSize, int chunks, long inlineBytes, ThreadFactory threads) {}

  /** Writes the chunks past the inline part, in order, on one thread at a time. */
  interface Bulk extends Closeable {
    /** Writes {@code data}'s remaining bytes after what was written before. */
    void write(ByteBuffer data) throws IOException;

    /** Returns a buffer the chunks are gathered in; {@link #write} gets only such buffers. */
    default ByteBuffer allocate(int capacity) {
      return ByteBuffer.allocateDirect(capacity);
    }

    @Override
    default void close() throws IOException {}
  }

  /** Opens the {@link Bulk} writes that continue a file at {@code position}. */
  @FunctionalInterface
  interface BulkOpener {
    Bulk open(long position) throws IOException;
  }

  /**
   * Copies {@code in} to its end: the first {@link Settings#inlineBytes} to {@code out}, the rest
   * through {@code bulk}; the writer thread has ended on return.
   */
  static long copy(InputStream in, WritableByteChannel out, BulkOpener bulk, Settings settings)
      throws IOException {
    byte[] scratch = new byte[Math.min(settings.chunkSize(), READ_SIZE)];
    long total = 0;
    while (total < settings.inlineBytes()) {
      int n = in.readNBytes(scratch, 0, scratch.length);
      writeFully(out, scratch, n);
      total += n;
      if (n < scratch.length) {
        return total;
      }
    }
    int n = in.readNBytes(scratch, 0, scratch.length);
    if (n == 0) {
      return total; // the file was exactly as long as the inline part
    }
    try (Bulk target = bulk.open(total)) {
      Pipeline pipeline = new Pipeline(target, settings);
      boolean done = false;
      try {
        total +=
            in instanceof DirectInput direct
                ? pipeline.run(scratch, n, direct)
                : pipeline.run(scratch, n, in);
        done = true;
      } finally {
        pipeline.end(!done);
      }
      return total;
    }
  }

  private static void writeFully(WritableByteChannel out, byte[] data, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  /**
   * The bulk writes of a spool file: with direct I/O ({@code O_DIRECT}) where the file system
   * supports it, so the kernel neither copies the bytes into the page cache nor writes them back
   * later (about 0.5 CPU-seconds per GiB), else through {@code out}.
   */
  private static Bulk bulk(Path file, FileChannel out, long position) {
    Bulk buffered =
        data -> {
          while (data.hasRemaining()) {
            out.write(data);
          }
        };
    try {
      long block = Files.getFileStore(file).getBlockSize();
      if (block <= 0 || block > READ_SIZE || READ_SIZE % block != 0 || position % block != 0) {
        return buffered;
      }
      FileChannel direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      return new DirectBulk(direct, out, position, (int) block);
    } catch (IOException | UnsupportedOperationException e) {
      logger.debug("no direct I/O for {}, writing it through the page cache: {}", file, e.toString());
      return buffered;
    }
  }

  /**
   * Writes chunks in block-aligned buffers ({@link #allocate}) through an {@code O_DIRECT} channel,
   * straight from the buffer the caller's thread filled; a last partial block goes through the
   * ordinary channel. If the first direct write fails (a file system that accepts the flag but not
   * the writes), that write and all later ones go through the ordinary channel.
   */
  private static final class DirectBulk implements Bulk {
    private final FileChannel out;
    private final int block;
    private @Nullable FileChannel direct;
    private boolean wroteDirect;
    private long position;

    DirectBulk(FileChannel direct, FileChannel out, long position, int block) {
      this.direct = direct;
      this.out = out;
      this.position = position;
      this.block = block;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
      return ByteBuffer.allocateDirect(capacity + block).alignedSlice(block).slice(0, capacity);
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
      int whole = data.remaining() - data.remaining() % block;
      FileChannel d = direct;
      if (d != null && whole > 0) {
        int end = data.limit();
        data.limit(data.position() + whole);
        try {
          while (data.hasRemaining()) {
            position += d.write(data, position);
          }
          wroteDirect = true;
        } catch (IOException e) {
          if (wroteDirect) {
            throw e;
          }
          logger.debug("direct I/O failed, writing through the page cache: {}", e.toString());
          direct = null;
          d.close();
        }
        data.limit(end);
      }
      while (data.hasRemaining()) {
        position += out.write(data, position);
      }
    }

    @Override
    public void close() throws IOException {
      FileChannel d = direct;
      if (d != null) {
        d.close();
      }
    }
  }

  /** A chunk's buffer, and how many of the writer and the digests still read it. */
  private static final class Chunk {
    final ByteBuffer data;
    final AtomicInteger holders = new AtomicInteger();

    Chunk(ByteBuffer data) {
      this.data = data;
    }
  }

  private static final class Pipeline {
    private final Chunk endMarker = new Chunk(ByteBuffer.allocate(0));
    private final Bulk out;
    private final int chunks;
    private final int chunkSize;
    private final BlockingQueue<Chunk> free;
    private final BlockingQueue<Chunk> full;
    private final Thread writer;
    private int created;
    private volatile boolean abandoned;
    private volatile @Nullable Throwable failure;

    Pipeline(Bulk out, Settings settings) {
      this.out = out;
      this.chunks = Math.max(1, settings.chunks());
      this.chunkSize = settings.chunkSize();
      this.free = new ArrayBlockingQueue<>(chunks);
      this.full = new ArrayBlockingQueue<>(chunks + 1); // every chunk and the end marker
      writer = settings.threads().newThread(this::write);
      writer.start();
    }

    /**
     * Gathers the first {@code filled} bytes of {@code scratch}, then what {@code in} has up to
     * its end (read through {@code scratch}), into chunks for the writer; returns the bytes handed
     * over. The copy into a chunk is made here, while the bytes are in this thread's cache.
     */
    long run(byte[] scratch, int filled, InputStream in) throws IOException {
      Chunk c = take();
      int n = filled;
      int asked = scratch.length;
      long total = 0;
      while (true) {
        c.data.put(scratch, 0, n);
        total += n;
        boolean end = n < asked;
        if (end || !c.data.hasRemaining()) {
          c.data.flip();
          c.holders.set(1);
          put(c);
          if (end) {
            return total;
          }
          c = take();
          throwFailure();
        }
        asked = Math.min(scratch.length, c.data.remaining());
        n = in.readNBytes(scratch, 0, asked);
      }
    }

    /**
     * As {@link #run(byte[], int, InputStream)}, but past the first {@code filled} bytes the input
     * reads straight into the chunks, and each chunk is lent to it (for its digests) while the
     * writer writes it.
     */
    long run(byte[] scratch, int filled, DirectInput in) throws IOException {
      Chunk c = take();
      c.data.put(scratch, 0, filled);
      int lendFrom = filled;
      long total = filled;
      while (true) {
        int n = c.data.hasRemaining() ? in.read(c.data) : 0;
        boolean end = n < 0;
        if (n > 0) {
          total += n;
        }
        if (end || !c.data.hasRemaining()) {
          c.data.flip();
          boolean lend = c.data.limit() > lendFrom;
          c.holders.set(lend ? 2 : 1);
          if (lend) {
            Chunk lent = c;
            in.lend(c.data.duplicate().position(lendFrom), () -> release(lent));
          }
          put(c);
          if (end) {
            return total;
          }
          c = take();
          lendFrom = 0;
          throwFailure();
        }
      }
    }

    /** Stops the writer, after the chunks handed to it unless {@code abandon}; waits for it. */
    void end(boolean abandon) throws IOException {
      if (abandon) {
        abandoned = true;
      }
      boolean interrupted = false;
      while (true) {
        try {
          full.put(endMarker); // never blocks long: the queue has room for every chunk and the marker
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      while (true) {
        try {
          writer.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (!abandon) {
        throwFailure();
      }
    }

    /** Returns an empty chunk. */
    private Chunk take() throws InterruptedIOException {
      Chunk c = free.poll();
      if (c == null && created < chunks) {
        created++;
        return new Chunk(out.allocate(chunkSize));
      }
      try {
        if (c == null) {
          c = free.take();
        }
        c.data.clear();
        return c;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the upload to its spool file");
      }
    }

    /** One of the chunk's readers is done with it; the last puts it back in the pool. */
    private void release(Chunk c) {
      if (c.holders.decrementAndGet() == 0) {
        free.add(c);
      }
    }

    private void put(Chunk c) throws InterruptedIOException {
      try {
        full.put(c);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the upload to its spool file");
      }
    }

    private void throwFailure() throws IOException {
      Throwable f = failure;
      if (f == null) {
        return;
      }
      if (f instanceof IOException e) {
        throw e;
      }
      if (f instanceof RuntimeException e) {
        throw e;
      }
      if (f instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(f);
    }

    /** The writer thread: writes the chunks in order; after a failure, only hands them back. */
    private void write() {
      while (true) {
        Chunk c;
        try {
          c = full.take();
        } catch (InterruptedException e) {
          abandoned = true;
          continue; // the end marker always comes
        }
        if (c == endMarker) {
          return;
        }
        if (failure == null && !abandoned) {
          try {
            out.write(c.data);
          } catch (IOException | RuntimeException | Error e) {
            failure = e;
          }
        }
        release(c);
      }
    }
  }
}
