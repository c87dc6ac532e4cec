package dev.mypi.core.simple;

import static dev.mypi.core.simple.Goldens.golden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mypi.core.name.ProjectName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonPageRendererTest {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final PageRenderer renderer = PageRenderer.forFormat(SimpleFormat.JSON_V1);

  @Test
  void rendersNormalProjectPageAsGolden() throws IOException {
    JsonNode json = assertGolden("project.json", render(SamplePages.normal()));

    assertThat(json.at("/meta/api-version").textValue()).isEqualTo("1.4");
    assertThat(json.at("/meta/_last-serial").longValue()).isEqualTo(42);
    assertThat(json.get("name").textValue()).isEqualTo("foo-bar");
    assertThat(json.get("versions")).extracting(JsonNode::textValue)
        .containsExactly("0.8", "0.9", "1.0", "2.0+cpu");
    assertThat(json.has("project-status")).isFalse();
  }

  @Test
  void writesFileFieldsWithPep700TypesAndOmitsAbsentOnes() throws IOException {
    JsonNode files = parse(render(SamplePages.normal())).get("files");

    JsonNode sdist = files.get(0);
    assertThat(sdist.get("filename").textValue()).isEqualTo("foo_bar-1.0.tar.gz");
    assertThat(sdist.get("url").textValue()).isEqualTo("/files/foo-bar/foo_bar-1.0.tar.gz");
    assertThat(sdist.at("/hashes/sha256").textValue()).isEqualTo(SamplePages.SDIST_SHA);
    assertThat(sdist.get("requires-python").textValue()).isEqualTo("<4,>=3.8");
    assertThat(sdist.get("size").isIntegralNumber()).isTrue();
    assertThat(sdist.get("size").longValue()).isEqualTo(12345);
    assertThat(sdist.get("upload-time").textValue()).isEqualTo("2026-08-01T12:00:00.123456Z");
    assertThat(sdist.get("yanked").isBoolean()).isTrue();
    assertThat(sdist.get("yanked").booleanValue()).isFalse();
    assertThat(sdist.has("core-metadata")).isFalse();

    JsonNode wheel = files.get(1);
    assertThat(wheel.get("upload-time").textValue()).isEqualTo("2026-08-01T12:00:01.000000Z");
    assertThat(wheel.at("/core-metadata/sha256").textValue()).isEqualTo(SamplePages.METADATA_SHA);

    JsonNode yankedWithReason = files.get(2);
    assertThat(yankedWithReason.get("yanked").textValue()).isEqualTo("broken on 3.12");
    assertThat(yankedWithReason.has("requires-python")).isFalse();
    assertThat(yankedWithReason.has("upload-time")).isFalse();

    JsonNode yankedWithoutReason = files.get(3);
    assertThat(yankedWithoutReason.get("yanked").isBoolean()).isTrue();
    assertThat(yankedWithoutReason.get("yanked").booleanValue()).isTrue();

    assertThat(files.get(4).get("url").textValue()).contains("foo_bar-2.0+cpu-cp312");
    assertThat(files.get(4).get("size").longValue()).isEqualTo(987654321);
  }

  @Test
  void neverWritesDistInfoMetadataKey() throws IOException {
    assertThat(render(SamplePages.normal())).doesNotContain("dist-info-metadata");
  }

  @Test
  void writesCoreMetadataTrueWhenNoHashIsKnown() throws IOException {
    FileEntry file = SamplePages.normal().files().get(1).toBuilder().coreMetadata(Hashes.empty()).build();
    ProjectPage page = ProjectPage.builder(ProjectName.of("foo")).addFile(file).build();

    JsonNode metadata = parse(render(page)).at("/files/0/core-metadata");

    assertThat(metadata.isBoolean()).isTrue();
    assertThat(metadata.booleanValue()).isTrue();
  }

  @Test
  void rendersRootPageAsGolden() throws IOException {
    JsonNode json = assertGolden("root.json", render(SamplePages.root()));

    assertThat(json.at("/meta/_last-serial").longValue()).isEqualTo(42);
    assertThat(json.get("projects")).extracting(p -> p.get("name").textValue())
        .containsExactly("Foo.Bar", "spam", "Zope_Interface");
    assertThat(json.at("/projects/2/_last-serial").longValue()).isEqualTo(40);
  }

  @Test
  void rendersEmptyProjectAsGolden() throws IOException {
    JsonNode json = assertGolden("empty.json", render(SamplePages.empty()));

    assertThat(json.get("versions").isArray()).isTrue();
    assertThat(json.get("versions")).isEmpty();
    assertThat(json.get("files")).isEmpty();
  }

  @Test
  void rendersArchivedProjectStatusAtTopLevel() throws IOException {
    JsonNode json = assertGolden("archived.json", render(SamplePages.archived()));

    assertThat(json.at("/project-status/status").textValue()).isEqualTo("archived");
    assertThat(json.at("/project-status/reason").textValue()).isEqualTo("Moved to bar");
    assertThat(json.get("files")).hasSize(5);
  }

  @Test
  void listsNoFilesOrVersionsForQuarantinedProject() throws IOException {
    JsonNode json = assertGolden("quarantined.json", render(SamplePages.quarantined()));

    assertThat(json.at("/project-status/status").textValue()).isEqualTo("quarantined");
    assertThat(json.get("files")).isEmpty();
    assertThat(json.get("versions")).isEmpty();
  }

  @Test
  void escapesHostileValuesAsValidJson() throws IOException {
    ProjectPage page = SamplePages.hostile();
    JsonNode json = assertGolden("hostile.json", render(page));

    FileEntry evil = page.files().get(0);
    JsonNode file = json.at("/files/0");
    assertThat(file.get("filename").textValue()).isEqualTo(evil.filename());
    assertThat(file.get("url").textValue()).isEqualTo(evil.url());
    assertThat(file.get("requires-python").textValue()).isEqualTo(evil.requiresPython().orElseThrow());
    assertThat(file.get("yanked").textValue()).isEqualTo(evil.yank().reason().orElseThrow());
    assertThat(json.at("/project-status/reason").textValue())
        .isEqualTo(page.statusReason().orElseThrow());
    assertThat(json.at("/versions/0").textValue()).isEqualTo("1.0" + SamplePages.SCRIPT);
    assertThat(json.at("/files/1/hashes").isObject()).isTrue();
    assertThat(json.at("/files/1/hashes")).isEmpty();
  }

  @Test
  void writesUtf8AndTruncatesUploadTimeToMicroseconds() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(SamplePages.hostile(), out);
    assertThat(out.toByteArray()).containsSequence("ü🐍".getBytes(StandardCharsets.UTF_8));

    FileEntry file =
        SamplePages.normal().files().get(0).toBuilder()
            .uploadTime(Instant.parse("0001-01-01T00:00:00.999999999Z"))
            .build();
    ProjectPage page = ProjectPage.builder(ProjectName.of("foo")).addFile(file).build();
    assertThat(parse(render(page)).at("/files/0/upload-time").textValue())
        .isEqualTo("0001-01-01T00:00:00.999999Z");
  }

  @Test
  void flushesButDoesNotCloseTheStream() throws IOException {
    class Recording extends ByteArrayOutputStream {
      boolean closed;
      boolean flushed;

      @Override
      public void flush() {
        flushed = true;
      }

      @Override
      public void close() {
        closed = true;
      }
    }
    Recording out = new Recording();
    renderer.render(SamplePages.normal(), out);
    OutputStream html = new Recording();
    PageRenderer.forFormat(SimpleFormat.HTML).render(SamplePages.root(), html);

    assertThat(out.flushed).isTrue();
    assertThat(out.closed).isFalse();
    assertThat(((Recording) html).flushed).isTrue();
    assertThat(((Recording) html).closed).isFalse();
  }

  private static JsonNode assertGolden(String name, String actual) throws IOException {
    JsonNode tree = parse(actual);
    String pretty = MAPPER.writeValueAsString(tree) + "\n";
    assertThat(tree).isEqualTo(parse(golden(name, pretty)));
    return tree;
  }

  private static JsonNode parse(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  private String render(ProjectPage page) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(page, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String render(ProjectList list) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(list, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
