package dev.mypi.core.simple;

import static dev.mypi.core.simple.Goldens.golden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.simple.LenientHtml.Element;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlPageRendererTest {
  private final PageRenderer renderer = PageRenderer.forFormat(SimpleFormat.HTML);

  @Test
  void rendersNormalProjectPageAsGolden() throws IOException {
    assertGolden("project.html", render(SamplePages.normal()));
  }

  @Test
  void rendersRootPageAsGolden() throws IOException {
    String html = render(SamplePages.root());
    assertGolden("root.html", html);
    assertThat(LenientHtml.anchors(html))
        .extracting(Element::text, a -> a.attributes().get("href"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Foo.Bar", "foo-bar/"),
            org.assertj.core.groups.Tuple.tuple("spam", "spam/"),
            org.assertj.core.groups.Tuple.tuple("Zope_Interface", "zope-interface/"));
  }

  @Test
  void rendersEmptyProjectAsGolden() throws IOException {
    String html = render(SamplePages.empty());
    assertGolden("empty.html", html);
    assertThat(LenientHtml.anchors(html)).isEmpty();
  }

  @Test
  void rendersArchivedProjectWithStatusMetaAndItsFiles() throws IOException {
    String html = render(SamplePages.archived());
    assertGolden("archived.html", html);
    assertThat(metas(html))
        .containsEntry("pypi:project-status", "archived")
        .containsEntry("pypi:project-status-reason", "Moved to bar");
    assertThat(LenientHtml.anchors(html)).hasSize(5);
  }

  @Test
  void listsNoFilesForQuarantinedProject() throws IOException {
    String html = render(SamplePages.quarantined());
    assertGolden("quarantined.html", html);
    assertThat(metas(html)).containsEntry("pypi:project-status", "quarantined");
    assertThat(LenientHtml.anchors(html)).isEmpty();
  }

  @Test
  void omitsStatusMetaForActiveProject() throws IOException {
    assertThat(metas(render(SamplePages.normal())))
        .containsEntry("pypi:repository-version", "1.4")
        .doesNotContainKeys("pypi:project-status", "pypi:project-status-reason");
  }

  @Test
  void writesHashFragmentRequiresPythonAndBothMetadataAttributes() throws IOException {
    Element wheel = LenientHtml.anchors(render(SamplePages.normal())).get(1);

    assertThat(wheel.text()).isEqualTo("foo_bar-1.0-py3-none-any.whl");
    assertThat(wheel.attributes())
        .containsExactly(
            Map.entry(
                "href",
                "/files/foo-bar/foo_bar-1.0-py3-none-any.whl#sha256=" + SamplePages.WHEEL_SHA),
            Map.entry("data-requires-python", "<4,>=3.8"),
            Map.entry("data-dist-info-metadata", "sha256=" + SamplePages.METADATA_SHA),
            Map.entry("data-core-metadata", "sha256=" + SamplePages.METADATA_SHA));
  }

  @Test
  void escapesAngleBracketsInRequiresPython() throws IOException {
    assertThat(render(SamplePages.normal())).contains("data-requires-python=\"&lt;4,&gt;=3.8\"");
  }

  @Test
  void writesYankedWithEmptyValueNeverBare() throws IOException {
    String html = render(SamplePages.normal());
    List<Element> anchors = LenientHtml.anchors(html);

    assertThat(anchors.get(2).attributes()).containsEntry("data-yanked", "broken on 3.12");
    assertThat(anchors.get(3).attributes()).containsEntry("data-yanked", "");
    assertThat(anchors.get(0).attributes()).doesNotContainKey("data-yanked");
    assertThat(html).doesNotContainPattern("data-yanked[ >]");
  }

  @Test
  void keepsPlusOfLocalVersionInHrefAndText() throws IOException {
    Element local = LenientHtml.anchors(render(SamplePages.normal())).get(4);

    assertThat(local.text()).isEqualTo("foo_bar-2.0+cpu-cp312-cp312-manylinux_2_17_x86_64.whl");
    assertThat(local.attributes().get("href"))
        .isEqualTo(
            "/files/foo-bar/foo_bar-2.0+cpu-cp312-cp312-manylinux_2_17_x86_64.whl#sha256="
                + SamplePages.LOCAL_SHA);
  }

  @Test
  void escapesEveryHostileValue() throws IOException {
    String html = render(SamplePages.hostile());
    assertGolden("hostile.html", html);

    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("\"><");
    List<Element> anchors = LenientHtml.anchors(html);
    assertThat(anchors).hasSize(2);
    FileEntry evil = SamplePages.hostile().files().get(0);
    assertThat(anchors.get(0).text()).isEqualTo(evil.filename());
    assertThat(anchors.get(0).attributes())
        .containsEntry("href", evil.url() + "#sha256=" + SamplePages.WHEEL_SHA)
        .containsEntry("data-requires-python", evil.requiresPython().orElseThrow())
        .containsEntry("data-yanked", evil.yank().reason().orElseThrow());
    assertThat(anchors.get(1).attributes()).containsExactly(Map.entry("href", "./javascript:alert(1).whl"));
    assertThat(metas(html))
        .containsEntry("pypi:project-status", "deprecated")
        .containsEntry(
            "pypi:project-status-reason", SamplePages.hostile().statusReason().orElseThrow());
  }

  @Test
  void writesNonAsciiAsUtf8() throws IOException {
    byte[] bytes = renderBytes(SamplePages.hostile());

    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("ünïcødé", "🐍");
    assertThat(bytes).containsSequence("ü🐍".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void versionedHtmlHasTheSameBytesAndItsOwnContentType() throws IOException {
    PageRenderer v1 = PageRenderer.forFormat(SimpleFormat.HTML_V1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    v1.render(SamplePages.normal(), out);

    assertThat(v1.format()).isEqualTo(SimpleFormat.HTML_V1);
    assertThat(renderer.format()).isEqualTo(SimpleFormat.HTML);
    assertThat(out.toByteArray()).isEqualTo(renderBytes(SamplePages.normal()));
  }

  @Test
  void omitsFragmentWhenThereIsNoSha256() throws IOException {
    Element anchor = LenientHtml.anchors(render(SamplePages.hostile())).get(1);

    assertThat(anchor.attributes().get("href")).doesNotContain("#");
  }

  @Test
  void rendersLargePageThroughTheBufferIntact() throws IOException {
    ProjectPage.Builder builder = ProjectPage.builder(dev.mypi.core.name.ProjectName.of("big"));
    for (int i = 0; i < 2000; i++) {
      builder.addVersion("1." + i).addFile(
          FileEntry.builder()
              .filename("big-1." + i + "-py3-none-any.whl")
              .url("/files/big/big-1." + i + "-py3-none-any.whl")
              .hashes(Hashes.sha256(SamplePages.WHEEL_SHA))
              .requiresPython(">=3.8")
              .coreMetadata(Hashes.sha256(SamplePages.METADATA_SHA))
              .yank(i % 7 == 0 ? YankState.yanked("ünïcødé reason " + i) : YankState.notYanked())
              .size(i)
              .build());
    }
    List<Element> anchors = LenientHtml.anchors(render(builder.build()));

    assertThat(anchors).hasSize(2000);
    assertThat(anchors.get(1407).text()).isEqualTo("big-1.1407-py3-none-any.whl");
    assertThat(anchors.get(1407).attributes()).containsEntry("data-yanked", "ünïcødé reason 1407");
  }

  private static Map<String, String> metas(String html) {
    Map<String, String> metas = new java.util.LinkedHashMap<>();
    for (Element e : LenientHtml.parse(html)) {
      if (e.name().equals("meta") && e.attributes().containsKey("name")) {
        metas.put(e.attributes().get("name"), e.attributes().get("content"));
      }
    }
    return metas;
  }

  private static void assertGolden(String name, String html) {
    LenientHtml.parse(html);
    assertThat(html).isEqualTo(golden(name, html));
  }

  private String render(ProjectPage page) throws IOException {
    return new String(renderBytes(page), StandardCharsets.UTF_8);
  }

  private byte[] renderBytes(ProjectPage page) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(page, out);
    return out.toByteArray();
  }

  private String render(ProjectList list) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(list, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
