package dev.mypi.core.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Builds multipart/form-data bodies the way requests-toolbelt's MultipartEncoder (twine, poetry)
 * lays them out: {@code --boundary CRLF headers CRLF CRLF value CRLF} per part, then {@code
 * --boundary-- CRLF}.
 */
final class MultipartBody {
  static final String BOUNDARY = "5d7b9bd2c6d54c7f8f3bd3e1a0c4b2f1";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final String boundary;
  private final String eol;

  private MultipartBody(String boundary, String eol) {
    this.boundary = boundary;
    this.eol = eol;
  }

  static MultipartBody create() {
    return new MultipartBody(BOUNDARY, "\r\n");
  }

  static MultipartBody withLineEnd(String boundary, String eol) {
    return new MultipartBody(boundary, eol);
  }

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  MultipartBody raw(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  MultipartBody field(String name, String value) {
    return field(name, value.getBytes(StandardCharsets.UTF_8));
  }

  MultipartBody field(String name, byte[] value) {
    raw("--" + boundary + eol);
    raw("Content-Disposition: form-data; name=\"" + name + "\"" + eol + eol);
    out.writeBytes(value);
    return raw(eol);
  }

  MultipartBody file(String name, String filename, byte[] content) {
    raw("--" + boundary + eol);
    raw("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"" + eol);
    raw("Content-Type: application/octet-stream" + eol + eol);
    out.writeBytes(content);
    return raw(eol);
  }

  /** Adds the fields twine sends before the file for {@code foo-1.0-py3-none-any.whl}. */
  MultipartBody twineFields(byte[] content) {
    FileDigests digests = digestsOf(content);
    return field("name", "foo")
        .field("version", "1.0")
        .field("filetype", "bdist_wheel")
        .field("pyversion", "py3")
        .field("metadata_version", "2.1")
        .field("summary", "A test package")
        .field("classifiers", "Programming Language :: Python :: 3")
        .field("classifiers", "License :: OSI Approved :: MIT License")
        .field("requires_dist", "requests>=2")
        .field("sha256_digest", digests.sha256())
        .field("blake2_256_digest", digests.blake2b256())
        .field(":action", "file_upload")
        .field("protocol_version", "1");
  }

  MultipartBody end() {
    return raw("--" + boundary + "--" + eol);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  static FileDigests digestsOf(byte[] content) {
    try {
      Blake2bDigest blake2b = new Blake2bDigest(256);
      blake2b.update(content, 0, content.length);
      byte[] blake = new byte[32];
      blake2b.doFinal(blake, 0);
      HexFormat hex = HexFormat.of();
      return new FileDigests(
          hex.formatHex(MessageDigest.getInstance("MD5").digest(content)),
          hex.formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
          hex.formatHex(blake));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
