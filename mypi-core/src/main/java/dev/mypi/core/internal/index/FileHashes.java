package dev.mypi.core.internal.index;

import com.google.common.io.BaseEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 and size of a stream in one pass (lowercase hex), as the index publishes and keys
 * files. MD5 and BLAKE2b-256 are not computed: nothing reads them, and they would cost three
 * times as much CPU per imported file.
 */
record FileHashes(String sha256, long size) {
  static FileHashes of(InputStream in) throws IOException {
    MessageDigest sha256 = sha256Digest();
    byte[] buf = new byte[128 * 1024];
    long size = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      sha256.update(buf, 0, n);
      size += n;
    }
    return new FileHashes(BaseEncoding.base16().lowerCase().encode(sha256.digest()), size);
  }

  static String sha256(byte[] data) {
    return BaseEncoding.base16().lowerCase().encode(sha256Digest().digest(data));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
