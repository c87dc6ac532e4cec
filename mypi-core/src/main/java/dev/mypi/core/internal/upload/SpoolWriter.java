package dev.mypi.core.internal.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Copies an upload's file part into its spool file, reading on the caller's thread and, for large
 * files, writing on a second thread, so that receiving, scanning and hashing the body overlap with
 * the kernel's copy of it into the page cache (about as much CPU per GiB as SHA-256 itself).
 *
 * <p>The first {@link Settings#inlineBytes} bytes are written on the caller's thread, so small
 * uploads start no thread. Beyond that at most {@link Settings#chunks} buffers of {@link
 * Settings#chunkSize} bytes exist; the reader waits for a free one when the writer falls behind,
 * so memory stays flat whatever the size of the file. Whatever happens, the writer thread has
 * ended when a call returns or throws: a failed read abandons the buffers not yet written, and a
 * failed write is thrown to the caller (the reader stops at its next buffer).
 */
public final class SpoolWriter {
  /** Write size: few system calls per GiB. */
  static final int CHUNK_SIZE = 256 * 1024;

  static final int CHUNKS = 4;

  /** Bytes written on the caller's thread before the writer thread starts. */
  static final long INLINE_BYTES = 4L << 20;

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
      return copy(in, out, DEFAULTS);
    }
  }

  /** How {@link #copy} buffers and where it writes. */
  record Settings(int chunkSize, int chunks, long inlineBytes, ThreadFactory threads) {}

  /** Copies {@code in} to {@code out} to its end; the writer thread has ended on return. */
  static long copy(InputStream in, WritableByteChannel out, Settings settings) throws IOException {
    byte[] first = new byte[settings.chunkSize()];
    long total = 0;
    while (total < settings.inlineBytes()) {
      int n = in.readNBytes(first, 0, first.length);
      writeFully(out, first, n);
      total += n;
      if (n < first.length) {
        return total;
      }
    }
    int n = in.readNBytes(first, 0, first.length);
    if (n == 0) {
      return total; // the file was exactly as long as the inline part
    }
    Pipeline pipeline = new Pipeline(out, settings, first);
    boolean done = false;
    try {
      total += pipeline.run(n, in);
      done = true;
    } finally {
      pipeline.end(!done);
    }
    return total;
  }

  private static void writeFully(WritableByteChannel out, byte[] data, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  /** A buffer on its way to the writer, or back. */
  private static final class Chunk {
    final byte[] data;
    int length;

    Chunk(byte[] data) {
      this.data = data;
    }
  }

  private static final class Pipeline {
    private final Chunk endMarker = new Chunk(new byte[0]);
    private final WritableByteChannel out;
    private final int chunks;
    private final int chunkSize;
    private final BlockingQueue<Chunk> free;
    private final BlockingQueue<Chunk> full;
    private final Thread writer;
    private int created;
    private volatile boolean abandoned;
    private volatile @Nullable Throwable failure;

    private final Chunk first;

    Pipeline(WritableByteChannel out, Settings settings, byte[] filled) {
      this.out = out;
      this.chunks = Math.max(1, settings.chunks());
      this.chunkSize = settings.chunkSize();
      this.free = new ArrayBlockingQueue<>(chunks);
      this.full = new ArrayBlockingQueue<>(chunks + 1); // every chunk and the end marker
      first = new Chunk(filled);
      created = 1;
      writer = settings.threads().newThread(this::write);
      writer.start();
    }

    /**
     * Hands the first chunk ({@code filled} bytes of the array given to the constructor) to the
     * writer, then reads {@code in} to its end into chunks for it; returns the bytes handed over.
     */
    long run(int filled, InputStream in) throws IOException {
      Chunk c = first;
      int n = filled;
      long total = 0;
      while (true) {
        c.length = n;
        put(c);
        total += n;
        if (n < chunkSize) {
          return total;
        }
        c = take();
        throwFailure();
        n = in.readNBytes(c.data, 0, chunkSize);
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

    private Chunk take() throws InterruptedIOException {
      Chunk c = free.poll();
      if (c != null) {
        return c;
      }
      if (created < chunks) {
        created++;
        return new Chunk(new byte[chunkSize]);
      }
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the upload to its spool file");
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
            writeFully(out, c.data, c.length);
          } catch (IOException | RuntimeException | Error e) {
            failure = e;
          }
        }
        free.add(c);
      }
    }
  }
}
