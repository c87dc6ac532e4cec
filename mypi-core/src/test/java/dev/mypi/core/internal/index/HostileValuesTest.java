package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.upload.InvalidUploadException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Markup and quotes in values that reach the pages through the index: refused at upload where a
 * rule forbids them (nothing is stored), escaped in every page where they can be imported.
 */
class HostileValuesTest {
  private static final String SCRIPT = "\"><script>alert('x')</script>";
  private static final String WHEEL = "foo-1.0-py3-none-any.whl";

  @TempDir Path spool;
  private final InMemoryBlobStore store = InMemoryBlobStore.create();

  @Test
  void requiresPythonWithMarkupIsRejectedAtUploadAndNothingIsStored() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();
    byte[] body = uploadBody("foo", "1.0", WHEEL, wheelRequiring(SCRIPT));

    assertThatThrownBy(() -> index.publish(CONTENT_TYPE, new ByteArrayInputStream(body)))
        .isInstanceOf(InvalidUploadException.class)
        .hasMessageStartingWith("Invalid Requires-Python '" + SCRIPT + "'");

    assertThat(storeKeys()).isEmpty();
    assertThat(index.serial()).isZero();
  }

  @Test
  void filenameWithQuoteOrMarkupIsRejectedAtUploadAndNothingIsStored() throws IOException {
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();
    for (String filename : List.of("foo-1.0-py3-none-any'.whl", "foo-1.0-py3-none-<b>&amp;.whl")) {
      byte[] body = uploadBody("foo", "1.0", filename, wheel("foo", "1.0"));

      assertThatThrownBy(() -> index.publish(CONTENT_TYPE, new ByteArrayInputStream(body)))
          .isInstanceOf(InvalidUploadException.class)
          .hasMessageStartingWith("Cannot upload a file named '");
    }

    assertThat(storeKeys()).isEmpty();
  }

  @Test
  void requiresPythonWithMarkupImportedFromAFolderIsEscapedInHtmlAndJson() throws IOException {
    store.put(
        BlobKey.of("packages/" + WHEEL),
        new ByteArrayInputStream(wheelRequiring(SCRIPT)),
        PutOptions.defaults());
    ProjectIndex index = ProjectIndex.builder(store).spoolDirectory(spool).build();

    String html = page(index, SimpleFormat.HTML);
    assertThat(html)
        .doesNotContain("<script")
        .contains("data-requires-python=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\"");
    String json = page(index, SimpleFormat.JSON_V1);
    assertThat(new ObjectMapper().readTree(json).get("files").get(0).get("requires-python").asText())
        .isEqualTo(SCRIPT);
  }

  private static String page(ProjectIndex index, SimpleFormat format) {
    return new String(
        index.renderProject("foo", format).orElseThrow().toByteArray(), StandardCharsets.UTF_8);
  }

  private List<String> storeKeys() throws IOException {
    try (Stream<BlobInfo> all = store.list(BlobKey.root())) {
      return all.map(info -> info.key().toString()).toList();
    }
  }

  private static byte[] wheelRequiring(String requiresPython) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      entry(zip, "foo/__init__.py", "");
      entry(
          zip,
          "foo-1.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nRequires-Python: " + requiresPython + "\n");
      entry(zip, "foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
      entry(zip, "foo-1.0.dist-info/RECORD", "");
    }
    return buf.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
