package dev.mypi.testkit;

import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.upload.Upload;
import dev.mypi.testkit.internal.Archives;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upload a {@link MockIndexServer} received (twine's {@code POST} of a legacy upload form),
 * with its form fields, the file and the core metadata read from the file. Recorded whether the
 * index accepted it or not; see {@link #status()}. Immutable.
 *
 * <pre>{@code
 * RecordedUpload upload = server.uploads().get(0);
 * assertThat(upload.filename()).isEqualTo("foo-1.0-py3-none-any.whl");
 * assertThat(upload.form().filetype()).contains("bdist_wheel");
 * assertThat(upload.metadata().orElseThrow().requiresDist()).contains("bar>=1");
 * }</pre>
 */
public final class RecordedUpload {
  private final Upload form;
  private final String filename;
  private final byte[] content;
  private final @Nullable CoreMetadata metadata;
  private final int status;

  RecordedUpload(Upload form, String filename, byte[] content, @Nullable CoreMetadata metadata, int status) {
    this.form = form;
    this.filename = filename;
    this.content = content;
    this.metadata = metadata;
    this.status = status;
  }

  /** Returns the form fields as parsed by mypi ({@code name}, {@code version}, {@code filetype}, digests, …). */
  public Upload form() {
    return form;
  }

  /** Returns the filename of the file part. */
  public String filename() {
    return filename;
  }

  /** Returns a copy of the uploaded file's bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** Returns the size of the uploaded file. */
  public long size() {
    return content.length;
  }

  /** Returns the lowercase hex SHA-256 of the uploaded file. */
  public String sha256() {
    return Archives.sha256Hex(content);
  }

  /** Returns the core metadata inside the file, or empty when the file is not a readable distribution. */
  public Optional<CoreMetadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  /** Returns the status the server answered: 200 when the index took the file. */
  public int status() {
    return status;
  }

  /** Returns whether the index took the file (status 200). */
  public boolean accepted() {
    return status == 200;
  }

  @Override
  public String toString() {
    return "upload of " + filename + " (" + content.length + " bytes) -> " + status;
  }
}
