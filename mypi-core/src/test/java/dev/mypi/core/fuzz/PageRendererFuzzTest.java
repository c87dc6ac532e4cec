package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.LenientHtml;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.simple.YankState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The simple renderers on arbitrary strings in every free-text field: the HTML page is well formed
 * ({@link LenientHtml}: no raw {@code "}, {@code <} or {@code >} in attribute values or text, only
 * known entities) and gives back exactly the values put in; the JSON page parses and does too.
 *
 * <p>Input: UTF-8 lines: filename, URL, Requires-Python, yank reason, status reason, version.
 */
class PageRendererFuzzTest {
  private static final String SHA = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void render(byte[] data) throws IOException {
    String[] lines = FuzzInputs.utf8(data).split("\n", -1);
    String filename = field(lines, 0, "demo-1.0.tar.gz");
    String url = field(lines, 1, "/files/demo/demo-1.0.tar.gz");
    String requiresPython = field(lines, 2, "");
    String yankReason = field(lines, 3, "");
    String statusReason = field(lines, 4, "");
    String version = field(lines, 5, "1.0");
    FileEntry.Builder entry = FileEntry.builder().hashes(Hashes.sha256(SHA)).size(data.length);
    try {
      entry.filename(filename).url(url);
    } catch (IllegalArgumentException e) {
      return; // the model refuses this value (empty filename, javascript: URL, ...): nothing to render
    }
    FileEntry file =
        entry
            .requiresPython(requiresPython)
            .yank(data.length % 3 == 0 ? YankState.notYanked() : YankState.yanked(yankReason))
            .coreMetadata(data.length % 2 == 0 ? Hashes.sha256(SHA) : null)
            .build();
    ProjectPage.Builder page = ProjectPage.builder(ProjectName.of("demo")).addFile(file).lastSerial(7);
    if (!version.isEmpty()) {
      page.addVersion(version);
    }
    if (!statusReason.isEmpty()) {
      page.status(ProjectStatus.DEPRECATED, statusReason);
    }
    ProjectPage built = page.build();

    String html = render(built, SimpleFormat.HTML);
    List<LenientHtml.Element> anchors = LenientHtml.anchors(html);
    assertThat(anchors).hasSize(1);
    Map<String, String> attributes = anchors.get(0).attributes();
    assertThat(anchors.get(0).text()).isEqualTo(filename.strip());
    assertThat(attributes.get("href")).isEqualTo(url + "#sha256=" + SHA);
    if (file.requiresPython().isPresent()) {
      assertThat(attributes.get("data-requires-python")).isEqualTo(requiresPython);
    }
    if (file.yank().isYanked()) {
      assertThat(attributes.get("data-yanked")).isEqualTo(file.yank().reason().orElse(""));
    }

    JsonNode json = JSON.readTree(render(built, SimpleFormat.JSON_V1));
    JsonNode jsonFile = json.get("files").get(0);
    assertThat(jsonFile.get("filename").asText()).isEqualTo(filename);
    assertThat(jsonFile.get("url").asText()).isEqualTo(url);
    file.requiresPython()
        .ifPresent(value -> assertThat(jsonFile.get("requires-python").asText()).isEqualTo(value));
    if (built.statusReason().isPresent()) {
      assertThat(json.get("project-status").get("reason").asText()).isEqualTo(statusReason);
    }
    if (!version.isEmpty()) {
      assertThat(json.get("versions").get(0).asText()).isEqualTo(version);
    }
  }

  private static String field(String[] lines, int index, String fallback) {
    return index < lines.length ? lines[index] : fallback;
  }

  private static String render(ProjectPage page, SimpleFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PageRenderer.forFormat(format).render(page, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
