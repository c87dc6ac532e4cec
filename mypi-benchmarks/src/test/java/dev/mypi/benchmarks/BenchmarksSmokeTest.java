package dev.mypi.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.internal.upload.MultipartReaderBenchmark;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.version.Version;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark method once, outside JMH, so that a change in mypi-core that breaks a
 * benchmark fails the build; no timing is measured or asserted.
 */
class BenchmarksSmokeTest {
  @Test
  void versionBenchmarksParseCompareAndSort() {
    VersionBenchmark b = new VersionBenchmark();
    b.setUp();
    assertThat(b.parse()).isEqualTo(Version.parse("1.2.3"));
    assertThat(b.compare()).isIn(-1, 0, 1);
    Version[] sorted = b.sortOneHundredThousand();
    assertThat(sorted).hasSize(VersionBenchmark.SORT_SIZE).isSorted();
  }

  @Test
  void projectNameBenchmarksNormaliseValidNames() {
    ProjectNameBenchmark b = new ProjectNameBenchmark();
    b.setUp();
    assertThat(b.normalize()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    assertThat(b.of().normalized()).matches("[a-z0-9]+(-[a-z0-9]+)*");
  }

  @Test
  void pageRenderBenchmarksRenderEveryPage() throws IOException {
    PageRenderBenchmark b = new PageRenderBenchmark();
    b.setUp();
    int html = b.projectPageHtml();
    int json = b.projectPageJson();
    assertThat(html).isGreaterThan(PageRenderBenchmark.FILES * 100);
    assertThat(json).isGreaterThan(PageRenderBenchmark.FILES * 100);
    assertThat(b.projectPageHtml()).as("buffer is reset per operation").isEqualTo(html);
    assertThat(b.rootPageHtml()).isGreaterThan(PageRenderBenchmark.PROJECTS * 20);
    assertThat(b.rootPageJson()).isGreaterThan(PageRenderBenchmark.PROJECTS * 20);
  }

  @Test
  void inputsAreDeterministicAndRealistic() {
    assertThat(Inputs.versionStrings(100)).isEqualTo(Inputs.versionStrings(100));
    assertThat(Inputs.versionStrings(10_000)).allSatisfy(v -> assertThat(Version.isValid(v)).isTrue());
    assertThat(Inputs.projectPage(200)).isEqualTo(Inputs.projectPage(200));
    assertThat(Inputs.projectPage(2_000).files())
        .hasSize(2_000)
        .anySatisfy(f -> assertThat(f.yank().reason()).isPresent())
        .anySatisfy(f -> assertThat(f.requiresPython()).isPresent())
        .filteredOn(f -> f.filename().endsWith(".whl"))
        .hasSize(1_000)
        .allSatisfy(f -> assertThat(f.coreMetadata()).isPresent());
  }

  @Test
  void mockIndexServerBenchmarkStartsServesAndCloses() throws IOException {
    assertThat(new MockIndexServerBenchmark().startServeFirstResponseAndClose()).isGreaterThan(100);
  }

  @Test
  void multipartReaderBenchmarkReadsTheWholeFilePart() throws IOException {
    MultipartReaderBenchmark b = new MultipartReaderBenchmark();
    b.setUp();
    assertThat(b.readFilePart()).isEqualTo(MultipartReaderBenchmark.FILE_SIZE);
    assertThat(b.readFilePartIntoChunksThroughAnArray()).isEqualTo(MultipartReaderBenchmark.FILE_SIZE);
    assertThat(b.readFilePartIntoChunks()).isEqualTo(MultipartReaderBenchmark.FILE_SIZE);
  }

  @Test
  void contentNegotiationBenchmarkPicksJsonForPip() {
    assertThat(new ContentNegotiationBenchmark().selectPipAccept()).contains(SimpleFormat.JSON_V1);
  }
}
