package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What rendering a project page costs the heap. At 100,000 projects most requests miss the page
 * cache, so every page is rendered per request and its garbage sets the pace of the collector.
 */
class RenderAllocationTest {
  private static final int WARM_UP = 5_000;
  private static final int MEASURED = 1_000;

  @TempDir Path spool;

  /**
   * Both formats render the same model into the same in-memory page buffer; the JSON renderer
   * writes through Jackson's recycled buffer. The HTML renderer used to encode into growing buffers
   * of its own first (1.3 to 1.6 times what JSON allocates); it now encodes straight into the page
   * buffer.
   */
  @ParameterizedTest
  @ValueSource(ints = {10, 40})
  void renderingAPageInHtmlAllocatesNoMoreThanRenderingItInJson(int files) throws IOException {
    ProjectIndex index = ProjectIndex.builder(InMemoryBlobStore.create()).spoolDirectory(spool).pageCacheSize(0).build();
    for (int i = 0; i < files; i++) {
      String version = "1.0." + i;
      index.publish(CONTENT_TYPE, new ByteArrayInputStream(uploadBody("demo", version, wheelName("demo", version), wheel("demo", version))));
    }

    for (int i = 0; i < WARM_UP; i++) { // both formats compiled alike before either is measured
      index.renderProjectWithoutWaiting("demo", SimpleFormat.HTML_V1).orElseThrow();
      index.renderProjectWithoutWaiting("demo", SimpleFormat.JSON_V1).orElseThrow();
    }
    long html = allocatedPerRendering(index, SimpleFormat.HTML_V1);
    long json = allocatedPerRendering(index, SimpleFormat.JSON_V1);

    assertThat(html).isLessThan(json + json / 10);
  }

  private static long allocatedPerRendering(ProjectIndex index, SimpleFormat format) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < MEASURED; i++) {
      index.renderProjectWithoutWaiting("demo", format).orElseThrow();
    }
    return (threads.getThreadAllocatedBytes(thread) - before) / MEASURED;
  }
}
