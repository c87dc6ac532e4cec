package dev.mypi.server.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds a multipart/form-data body the way requests-toolbelt does for twine. */
final class Multipart {
  static final String BOUNDARY = "mypi-test-boundary-7d9f";
  private final List<byte[]> parts = new ArrayList<>();

  Multipart field(String name, String value) {
    parts.add(
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return this;
  }

  Multipart file(String name, String filename, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    parts.add(out.toByteArray());
    return this;
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  /** The form twine sends for {@code file}, digests computed from {@code content}. */
  static Multipart twineForm(String name, String version, String filetype, String pyversion, String filename, byte[] content) {
    return new Multipart()
        .field("metadata_version", "2.1")
        .field("name", name)
        .field("version", version)
        .field("filetype", filetype)
        .field("pyversion", pyversion)
        .field("sha256_digest", TestDistributions.toHex(TestDistributions.sha256(content)))
        .field(":action", "file_upload")
        .field("protocol_version", "1")
        .file("content", filename, content);
  }
}
