package dev.mypi.core.internal.upload;

import dev.mypi.core.MypiException;
import dev.mypi.core.upload.FileDigests;
import dev.mypi.core.upload.UploadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.jspecify.annotations.Nullable;

/**
 * The stream a {@link dev.mypi.core.upload.ContentSink} reads the distribution file through: it
 * counts the bytes against the file-size limit, never handing out more than the limit, and feeds
 * them to MD5, SHA-256 and BLAKE2b-256. A failure it raised is remembered and raised again on every
 * later read, so a sink that swallows it cannot make the parser accept the file.
 */
final class ContentStream extends InputStream {
  private static final HexFormat HEX = HexFormat.of();

  private final InputStream part;
  private final long maxSize;
  private final MessageDigest md5 = digest("MD5");
  private final MessageDigest sha256 = digest("SHA-256");
  private final Blake2bDigest blake2b = new Blake2bDigest(256);
  private final byte[] one = new byte[1];
  private long size;
  private boolean finished;
  private @Nullable MypiException failure;

  ContentStream(InputStream part, long maxSize) {
    this.part = part;
    this.maxSize = maxSize;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
    }
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
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
      int n = part.read(b, off, (int) Math.min(len, allowed));
      if (n < 0) {
        finished = true;
        return -1;
      }
      md5.update(b, off, n);
      sha256.update(b, off, n);
      blake2b.update(b, off, n);
      size += n;
      return n;
    } catch (MypiException e) {
      failure = e;
      throw e;
    }
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
  FileDigests digests() {
    byte[] blake = new byte[blake2b.getDigestSize()];
    blake2b.doFinal(blake, 0);
    return new FileDigests(
        HEX.formatHex(md5.digest()), HEX.formatHex(sha256.digest()), HEX.formatHex(blake));
  }
}
