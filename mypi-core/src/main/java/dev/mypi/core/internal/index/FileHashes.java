package dev.mypi.core.internal.index;

import com.google.common.io.BaseEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.mypi.core.internal.upload.Blake2b256;

/** MD5, SHA-256 and BLAKE2b-256 of a stream in one pass, as PyPI records them (lowercase hex). */
record FileHashes(String md5, String sha256, String blake2b256, long size) {
  static FileHashes of(InputStream in) throws IOException {
    MessageDigest md5;
    MessageDigest sha256;
    try {
      md5 = MessageDigest.getInstance("MD5");
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks a required digest", e);
    }
    Blake2b256 blake = new Blake2b256();
    byte[] buf = new byte[64 * 1024];
    long size = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      md5.update(buf, 0, n);
      sha256.update(buf, 0, n);
      blake.update(buf, 0, n);
      size += n;
    }
    byte[] b = blake.digest();
    BaseEncoding hex = BaseEncoding.base16().lowerCase();
    return new FileHashes(hex.encode(md5.digest()), hex.encode(sha256.digest()), hex.encode(b), size);
  }

  static String sha256(byte[] data) {
    try {
      return BaseEncoding.base16().lowerCase().encode(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
