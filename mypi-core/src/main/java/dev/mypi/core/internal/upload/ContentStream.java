package dev.mypi.core.internal.upload;

import dev.mypi.core.MypiException;
import dev.mypi.core.upload.DigestAlgorithm;
import dev.mypi.core.upload.FileDigests;
import dev.mypi.core.upload.UploadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The stream a {@link dev.mypi.core.upload.ContentSink} reads the distribution file through: it
 * counts the bytes against the file-size limit, never handing out more than the limit, and feeds
 * them to SHA-256 and, when asked, MD5 and BLAKE2b-256 ({@link UploadDigests}, which hashes large
 * files on worker threads while the sink writes). A failure it raised is remembered and raised again on every
 * later read, so a sink that swallows it cannot make the parser accept the file.
 *
 * <p>As a {@link DirectInput}, it also reads into the sink's buffers, which it hashes once they are
 * lent back ({@link SpoolWriter} does so): bytes read that way and not yet lent make any other
 * read, and {@link #digests()}, fail, so no byte can escape the digests.
 */
final class ContentStream extends InputStream implements DirectInput {
  private final MultipartReader.PartBody part;
  private final long maxSize;
  private final UploadDigests digests;
  private final byte[] one = new byte[1];
  private long size;
  private long unlent;
  private boolean finished;
  private @Nullable MypiException failure;

  ContentStream(MultipartReader.PartBody part, long maxSize, Set<DigestAlgorithm> algorithms) {
    this.part = part;
    this.maxSize = maxSize;
    this.digests = new UploadDigests(algorithms);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (unlent != 0) {
      throw new IllegalStateException(unlent + " bytes read into a buffer were not lent back");
    }
    int n = read(len, max -> part.read(b, off, max));
    if (n > 0) {
      digests.update(b, off, n);
    }
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int limit = dst.limit();
    try {
      int n =
          read(
              dst.remaining(),
              max -> {
                dst.limit(dst.position() + max);
                return part.read(dst);
              });
      if (n > 0) {
        unlent += n;
      }
      return n;
    } finally {
      dst.limit(limit);
    }
  }

  @Override
  public void lend(ByteBuffer data, Runnable release) throws IOException {
    int n = data.remaining();
    if (n > unlent) {
      release.run();
      throw new IllegalStateException(
          "lent " + n + " bytes, but only " + unlent + " were read into a buffer and not lent");
    }
    unlent -= n;
    digests.update(data, release);
  }

  /**
   * A read of up to {@code len} bytes from the part: checks the state and the size limit, and
   * passes {@code read} how many bytes it may read (at least one).
   */
  private int read(int len, PartRead read) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (finished) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    try {
      long allowed = maxSize - size;
      if (allowed == 0) {
        if (part.read() < 0) {
          finished = true;
          return -1;
        }
        throw new UploadTooLargeException(
            "File too large: limit is " + maxSize + " bytes (UploadLimits.maxFileSize)",
            "maxFileSize",
            maxSize);
      }
      int n = read.read((int) Math.min(len, allowed));
      if (n < 0) {
        finished = true;
        return -1;
      }
      size += n;
      return n;
    } catch (MypiException e) {
      failure = e;
      throw e;
    }
  }

  /** One read from the part of at most {@code max} bytes. */
  @FunctionalInterface
  private interface PartRead {
    int read(int max) throws IOException;
  }

  /** Does nothing: the parser, not the sink, owns the part. */
  @Override
  public void close() {}

  /** Reads (hashing and limiting) whatever the sink left unread. */
  void drain() throws IOException {
    byte[] scratch = new byte[64 * 1024];
    while (read(scratch, 0, scratch.length) >= 0) {
      // hashed by read
    }
  }

  /** Returns the failure this stream raised, if any. */
  @Nullable MypiException failure() {
    return failure;
  }

  long size() {
    return size;
  }

  /** Returns the digests; call once, after {@link #drain()}. */
  FileDigests digests() throws IOException {
    if (unlent != 0) {
      throw new IllegalStateException(unlent + " bytes read into a buffer were not lent back");
    }
    return digests.finish();
  }

  /** Stops any hashing threads; call when the part is abandoned. Idempotent. */
  void release() {
    digests.release();
  }
}
