package dev.mypi.benchmarks;

import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.SimpleFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering simple-repository pages into a reused in-memory buffer (reset per operation, so the
 * score is the renderer's cost, not buffer growth): a project page of 2,000 files as HTML and as
 * PEP 691 JSON, and the root page of 20,000 projects in both formats.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PageRenderBenchmark {
  static final int FILES = 2_000;
  static final int PROJECTS = 20_000;

  private final PageRenderer html = PageRenderer.forFormat(SimpleFormat.HTML);
  private final PageRenderer json = PageRenderer.forFormat(SimpleFormat.JSON_V1);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
  private ProjectPage page = ProjectPage.builder(dev.mypi.core.name.ProjectName.of("x")).build();
  private ProjectList list = ProjectList.builder().build();

  /** Generates the page and the list (fixed seed). */
  @Setup
  public void setUp() {
    page = Inputs.projectPage(FILES);
    list = Inputs.projectList(PROJECTS);
  }

  /** Renders the 2,000-file project page as {@code text/html}; returns the byte count. */
  @Benchmark
  public int projectPageHtml() throws IOException {
    out.reset();
    html.render(page, out);
    return out.size();
  }

  /** Renders the 2,000-file project page as PEP 691 JSON; returns the byte count. */
  @Benchmark
  public int projectPageJson() throws IOException {
    out.reset();
    json.render(page, out);
    return out.size();
  }

  /** Renders the root page of 20,000 projects as {@code text/html}; returns the byte count. */
  @Benchmark
  public int rootPageHtml() throws IOException {
    out.reset();
    html.render(list, out);
    return out.size();
  }

  /** Renders the root page of 20,000 projects as PEP 691 JSON; returns the byte count. */
  @Benchmark
  public int rootPageJson() throws IOException {
    out.reset();
    json.render(list, out);
    return out.size();
  }
}
