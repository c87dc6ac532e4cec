package dev.mypi.storage.s3.internal;

import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.ContentMismatchException;
import dev.mypi.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cuts the data of one put into parts of an exact size, hashing as it reads: the SHA-256 of each
 * part (sent as that part's checksum) and of the whole (checked against the caller's expectation
 * before anything becomes visible, and recorded with the object). Holds at most one part in memory.
 *
 * <p>Reads ahead one byte after a full part, so that {@link #atEnd()} is exact: a body of exactly
 * one part size is one part, never a full part and an empty one.
 */
public final class ContentReader {
  private static final int FIRST_BUFFER = 64 * 1024;

  private final BlobKey key;
  private final InputStream in;
  private final OptionalLong expectedSize;
  private final MessageDigest whole = sha256();
  private long size;
  private int pushedBack = -1;
  private boolean atEnd;

  /** Reads {@code in} (not closed) for the put of {@code key}, which promised {@code expectedSize}. */
  public ContentReader(BlobKey key, InputStream in, OptionalLong expectedSize) {
    this.key = key;
    this.in = in;
    this.expectedSize = expectedSize;
  }

  /** One part: the first {@code length} bytes of {@code bytes}, and their SHA-256. */
  public record Part(byte[] bytes, int length, byte[] sha256) {
    /** Returns the SHA-256 in base64, as S3's {@code x-amz-checksum-sha256} wants it. */
    public String sha256Base64() {
      return Base64.getEncoder().encodeToString(sha256);
    }
  }

  /**
   * Reads the next part of at most {@code max} bytes into {@code reuse} if it is large enough, else
   * into a new array that grows as data arrive (so a small body never costs a whole part).
   *
   * @throws ContentMismatchException if the data exceed the expected size
   * @throws StorageException if reading the data fails
   */
  public Part next(int max, byte[] reuse) throws IOException {
    byte[] buffer = reuse.length >= max ? reuse : new byte[initialBuffer(max)];
    int length = 0;
    MessageDigest part = sha256();
    try {
      if (pushedBack >= 0) {
        buffer[length++] = (byte) pushedBack;
        pushedBack = -1;
      }
      while (length < max) {
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(max, 2L * buffer.length));
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
          atEnd = true;
          break;
        }
        length += n;
        checkNotLonger(size + length);
      }
      if (!atEnd) {
        int b = in.read();
        if (b < 0) {
          atEnd = true;
        } else {
          pushedBack = b;
          checkNotLonger(size + length + 1);
        }
      }
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(key, "cannot read the data to store: " + e.getMessage(), e);
    }
    part.update(buffer, 0, length);
    whole.update(buffer, 0, length);
    size += length;
    return new Part(buffer, length, part.digest());
  }

  private int initialBuffer(int max) {
    long hint = expectedSize.isPresent() ? expectedSize.getAsLong() - size + 1 : FIRST_BUFFER;
    return (int) Math.max(1, Math.min(max, Math.max(hint, 1)));
  }

  /** Returns whether the data have ended (after the last part read). */
  public boolean atEnd() {
    return atEnd;
  }

  /** Returns how many bytes were read so far. */
  public long size() {
    return size;
  }

  /**
   * Checks the whole data, once {@link #atEnd()}, against the expected size and SHA-256, and
   * returns the lower-case hex SHA-256.
   *
   * @throws ContentMismatchException if the size or the SHA-256 differ from what was promised
   */
  public String finish(Optional<String> expectedSha256) throws ContentMismatchException {
    if (!atEnd) {
      throw new IllegalStateException("the data have not been read to the end");
    }
    if (expectedSize.isPresent() && expectedSize.getAsLong() != size) {
      throw new ContentMismatchException(key, "expected " + expectedSize.getAsLong() + " bytes, got " + size);
    }
    String hex = HexFormat.of().formatHex(whole.digest());
    if (expectedSha256.isPresent() && !expectedSha256.get().equals(hex)) {
      throw new ContentMismatchException(key, "expected SHA-256 " + expectedSha256.get() + ", got " + hex);
    }
    return hex;
  }

  private void checkNotLonger(long read) throws ContentMismatchException {
    if (expectedSize.isPresent() && read > expectedSize.getAsLong()) {
      throw new ContentMismatchException(key, "expected " + expectedSize.getAsLong() + " bytes, got more");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
