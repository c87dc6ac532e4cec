package dev.mypi.core.internal.upload;

import dev.mypi.core.upload.DigestAlgorithm;
import dev.mypi.core.upload.FileDigests;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 and, when asked, MD5 and BLAKE2b-256 of an upload's file part, computed while it streams.
 *
 * <p>SHA-256 (about 1.5 GB per CPU-second with the SHA extensions) is always computed; MD5 (about
 * 0.7 GB/s) and BLAKE2b (about 0.6 GB/s) only when the upload rules need them. The first {@link
 * #PARALLEL_THRESHOLD} bytes are hashed on the caller's thread, so small uploads start no thread;
 * beyond that, the bytes are copied into a few chunks that one worker thread per digest, SHA-256
 * included, hashes while the caller goes on reading the body (and {@link SpoolWriter}'s thread
 * writes the spool file): the request thread of a large upload then only receives, scans and
 * copies. At most {@link #CHUNKS} chunks of {@link #CHUNK_SIZE} bytes exist per upload; when the
 * workers fall behind, {@link #update} waits for a free one, so memory stays flat whatever the
 * size of the file. Buffers lent with {@link #update(ByteBuffer, Runnable)} are hashed where they
 * are, with no copy on the caller's thread ({@link SpoolWriter}'s native buffers: the workers read
 * them while its writer thread writes them).
 *
 * <p>Not thread-safe: one thread calls {@link #update}, then {@link #finish} or {@link #release}.
 */
final class UploadDigests {
  /** Bytes hashed on the caller's thread before the workers start. */
  static final long PARALLEL_THRESHOLD = 4L << 20;

  static final int CHUNK_SIZE = 256 * 1024;
  static final int CHUNKS = 6;

  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest sha256 = jdkDigest("SHA-256");
  private final @Nullable MessageDigest md5;
  private final @Nullable Blake2b256 blake2b;
  private long inline;
  private byte @Nullable [] piece;
  private @Nullable Pipeline pipeline;

  /** Computes SHA-256 and whichever of MD5 and BLAKE2b-256 {@code algorithms} names. */
  UploadDigests(Set<DigestAlgorithm> algorithms) {
    md5 = algorithms.contains(DigestAlgorithm.MD5) ? jdkDigest("MD5") : null;
    blake2b = algorithms.contains(DigestAlgorithm.BLAKE2B_256) ? new Blake2b256() : null;
  }

  private static MessageDigest jdkDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
    }
  }

  /** Hashes {@code length} bytes of {@code data}; the caller may reuse the array on return. */
  void update(byte[] data, int offset, int length) throws InterruptedIOException {
    Pipeline p = pipeline;
    if (p == null) {
      if (inline + length <= PARALLEL_THRESHOLD) {
        sha256.update(data, offset, length);
        if (md5 != null) {
          md5.update(data, offset, length);
        }
        if (blake2b != null) {
          blake2b.update(data, offset, length);
        }
        inline += length;
        return;
      }
      p = pipeline = new Pipeline(sha256, md5, blake2b);
    }
    p.copy(data, offset, length);
  }

  /**
   * Hashes {@code data}'s remaining bytes, after those passed before, and runs {@code release}
   * (once, on any thread) when no digest reads them any more; until then the caller must not
   * change them. After {@link #release()}, buffers not yet hashed are never released.
   */
  void update(ByteBuffer data, Runnable release) throws InterruptedIOException {
    Pipeline p = pipeline;
    if (p == null) {
      int length = data.remaining();
      if (inline + length <= PARALLEL_THRESHOLD) {
        try {
          sha256.update(data.duplicate());
          if (md5 != null) {
            md5.update(data.duplicate());
          }
          if (blake2b != null) {
            piece = inPieces(data, blake2b::update, piece);
          }
          inline += length;
        } finally {
          release.run();
        }
        return;
      }
      p = pipeline = new Pipeline(sha256, md5, blake2b);
    }
    p.lend(data, release);
  }

  /** Waits for the workers and returns the digests; call once. */
  FileDigests finish() throws InterruptedIOException {
    Pipeline p = pipeline;
    if (p != null) {
      pipeline = null;
      p.finish();
    }
    return new FileDigests(
        md5 == null ? null : HEX.formatHex(md5.digest()),
        HEX.formatHex(sha256.digest()),
        blake2b == null ? null : HEX.formatHex(blake2b.digest()));
  }

  /** Stops the workers, if any, without waiting; the digests are then lost. Idempotent. */
  void release() {
    Pipeline p = pipeline;
    if (p != null) {
      pipeline = null;
      p.stop();
    }
  }

  /** Whether worker threads are hashing (for tests). */
  boolean parallel() {
    return pipeline != null;
  }

  /**
   * A chunk of the file, shared read-only by the workers: a copy, back in the pool when all are
   * done, or a lent buffer, whose release then runs.
   */
  private static final class Chunk {
    private static final byte[] NO_BYTES = new byte[0];

    final byte[] data;
    final @Nullable ByteBuffer lent;
    final @Nullable Runnable release;
    final AtomicInteger pending = new AtomicInteger();
    int length;

    Chunk(int capacity) {
      data = new byte[capacity];
      lent = null;
      release = null;
    }

    Chunk(ByteBuffer lent, Runnable release) {
      data = NO_BYTES;
      this.lent = lent;
      this.release = release;
      length = lent.remaining();
    }
  }

  private static final class Pipeline {
    private final Chunk end = new Chunk(0);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final List<Worker> workers = new ArrayList<>(3);
    private int created;
    private @Nullable Chunk current;

    Pipeline(MessageDigest sha256, @Nullable MessageDigest md5, @Nullable Blake2b256 blake2b) {
      workers.add(new Worker("mypi-upload-sha256", sha256::update, sha256::update, free, end));
      if (md5 != null) {
        workers.add(new Worker("mypi-upload-md5", md5::update, md5::update, free, end));
      }
      if (blake2b != null) {
        workers.add(new Worker("mypi-upload-blake2b", blake2b::update, null, free, end));
      }
      for (Worker w : workers) {
        w.start();
      }
    }

    void copy(byte[] data, int offset, int length) throws InterruptedIOException {
      while (length > 0) {
        Chunk c = current;
        if (c == null) {
          c = current = take();
          c.length = 0;
        }
        int n = Math.min(length, CHUNK_SIZE - c.length);
        System.arraycopy(data, offset, c.data, c.length, n);
        c.length += n;
        offset += n;
        length -= n;
        if (c.length == CHUNK_SIZE) {
          dispatch(c);
          current = null;
        }
      }
    }

    private Chunk take() throws InterruptedIOException {
      Chunk c = free.poll();
      if (c != null) {
        return c;
      }
      if (created < CHUNKS) {
        created++;
        return new Chunk(CHUNK_SIZE);
      }
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new InterruptedIOException("interrupted while hashing the upload");
      }
    }

    /** Queues a lent buffer after the bytes copied so far. */
    void lend(ByteBuffer data, Runnable release) {
      Chunk c = current;
      if (c != null && c.length > 0) {
        dispatch(c);
        current = null;
      }
      dispatch(new Chunk(data, release));
    }

    private void dispatch(Chunk c) {
      c.pending.set(workers.size());
      for (Worker w : workers) {
        w.queue.add(c);
      }
    }

    void finish() throws InterruptedIOException {
      Chunk c = current;
      if (c != null && c.length > 0) {
        dispatch(c);
      }
      current = null;
      try {
        for (Worker w : workers) {
          w.queue.add(end);
        }
        for (Worker w : workers) {
          w.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new InterruptedIOException("interrupted while hashing the upload");
      }
    }

    void stop() {
      for (Worker w : workers) {
        w.interrupt();
      }
    }
  }

  @FunctionalInterface
  private interface Hash {
    void update(byte[] data, int offset, int length);
  }

  @FunctionalInterface
  private interface BufferHash {
    void update(ByteBuffer data);
  }

  /** Size of the array a buffer is hashed through when the digest takes no buffers. */
  private static final int PIECE = 16 * 1024;

  /**
   * Hashes {@code data}'s remaining bytes (leaving its position) through {@code piece}, allocated
   * if null; returns the array, for the next call.
   */
  private static byte[] inPieces(ByteBuffer data, Hash hash, byte @Nullable [] piece) {
    byte[] p = piece != null ? piece : new byte[PIECE];
    ByteBuffer d = data.duplicate();
    while (d.hasRemaining()) {
      int n = Math.min(p.length, d.remaining());
      d.get(p, 0, n);
      hash.update(p, 0, n);
    }
    return p;
  }

  /**
   * Hashes the chunks of its queue in order until the end marker or an interrupt. A lent buffer
   * goes to {@code bufferHash} where the digest takes buffers (the JDK's digests copy a few KiB at
   * a time into an array of theirs), else through an array of the worker's own.
   */
  private static final class Worker extends Thread {
    final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final Hash hash;
    private final @Nullable BufferHash bufferHash;
    private final BlockingQueue<Chunk> free;
    private final Chunk end;
    private byte @Nullable [] piece;

    Worker(
        String name,
        Hash hash,
        @Nullable BufferHash bufferHash,
        BlockingQueue<Chunk> free,
        Chunk end) {
      super(name);
      setDaemon(true);
      this.hash = hash;
      this.bufferHash = bufferHash;
      this.free = free;
      this.end = end;
    }

    private void hash(ByteBuffer lent) {
      if (bufferHash != null) {
        bufferHash.update(lent.duplicate());
      } else {
        piece = inPieces(lent, hash, piece);
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          Chunk c = queue.take();
          if (c == end) {
            return;
          }
          ByteBuffer lent = c.lent;
          if (lent == null) {
            hash.update(c.data, 0, c.length);
          } else {
            hash(lent);
          }
          if (c.pending.decrementAndGet() == 0) {
            Runnable release = c.release;
            if (release == null) {
              free.add(c);
            } else {
              release.run();
            }
          }
        }
      } catch (InterruptedException e) {
        // released: the upload failed and nobody waits for the digest
      }
    }
  }
}
