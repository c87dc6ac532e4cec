package dev.mypi.testkit;

import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.name.DistributionType;
import dev.mypi.core.name.WheelFilename;
import dev.mypi.testkit.internal.Archives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A legacy-upload request body as twine sends it ({@code multipart/form-data} with {@code
 * :action=file_upload}, the metadata fields, the digests and the file), for posting to an index
 * or handing to {@link dev.mypi.core.ProjectIndex#publish} directly. Immutable.
 *
 * <pre>{@code
 * UploadBody body = WheelBuilder.of("foo", "1.0").build().uploadBody();
 * index.publish(body.contentType(), body.openStream());
 * }</pre>
 */
public final class UploadBody {
  private static final String BOUNDARY = "mypi-testkit-9f3c2a7e5b1d4c8a";

  private final byte[] body;

  private UploadBody(byte[] body) {
    this.body = body;
  }

  static UploadBody of(Distribution dist) {
    CoreMetadata m = dist.metadata();
    boolean wheel = dist.type() == DistributionType.WHEEL;
    Form form =
        new Form()
            .field(":action", "file_upload")
            .field("protocol_version", "1")
            .field("metadata_version", m.metadataVersion())
            .field("name", m.name())
            .field("version", m.version())
            .field("filetype", dist.type().filetype())
            .field("pyversion", wheel ? WheelFilename.parse(dist.filename()).pythonTag() : "source");
    m.summary().ifPresent(s -> form.field("summary", s));
    m.requiresPython().ifPresent(s -> form.field("requires_python", s));
    for (String r : m.requiresDist()) {
      form.field("requires_dist", r);
    }
    for (String e : m.providesExtra()) {
      form.field("provides_extra", e);
    }
    byte[] content = dist.content();
    form.field("md5_digest", Archives.md5Hex(content));
    form.field("sha256_digest", dist.sha256());
    form.file("content", dist.filename(), content);
    return new UploadBody(form.end());
  }

  /** Returns the {@code Content-Type} header value, with the multipart boundary. */
  public String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  /** Returns a copy of the body's bytes. */
  public byte[] bytes() {
    return body.clone();
  }

  /** Returns a stream of the body. */
  public InputStream openStream() {
    return new ByteArrayInputStream(body);
  }

  /** Returns the body's length in bytes. */
  public int length() {
    return body.length;
  }

  private static final class Form {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Form raw(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Form field(String name, String value) {
      return raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    Form file(String name, String filename, byte[] content) {
      raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
      raw("Content-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(content);
      return raw("\r\n");
    }

    byte[] end() {
      raw("--" + BOUNDARY + "--\r\n");
      return out.toByteArray();
    }
  }
}
