package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.SimpleFormat;
import org.junit.jupiter.api.Test;

class PageCacheTest {
  private static RenderedPage page(SimpleFormat format, long serial, int size) {
    return new RenderedPage(format, new byte[size], "\"e" + serial + "\"", serial);
  }

  @Test
  void returnsAPageOnlyForTheSerialItShows() {
    PageCache cache = new PageCache(1 << 20);
    RenderedPage html = page(SimpleFormat.HTML, 3, 10);
    cache.put("foo", html);
    assertThat(cache.get("foo", SimpleFormat.HTML, 3)).isSameAs(html);
    assertThat(cache.get("foo", SimpleFormat.HTML, 4)).isNull();
    assertThat(cache.get("foo", SimpleFormat.JSON_V1, 3)).isNull();
    assertThat(cache.get("bar", SimpleFormat.HTML, 3)).isNull();
  }

  @Test
  void keepsOnePagePerFormatAndProject() {
    PageCache cache = new PageCache(1 << 20);
    cache.put("foo", page(SimpleFormat.HTML, 1, 100));
    cache.put("foo", page(SimpleFormat.JSON_V1, 1, 100));
    cache.put("foo", page(SimpleFormat.HTML, 2, 100));
    assertThat(cache.get("foo", SimpleFormat.JSON_V1, 1)).isNotNull();
    assertThat(cache.get("foo", SimpleFormat.HTML, 2)).isNotNull();
    assertThat(cache.bytes()).isEqualTo(2 * PageCache.weight(page(SimpleFormat.HTML, 1, 100)));
  }

  @Test
  void weighsAPageWithItsObjectsAndItsCompressedCopy() {
    // a small page lives on the heap only: body, the gzip copy made when a client asks for it, and the objects around them
    assertThat(PageCache.weight(page(SimpleFormat.HTML, 1, 2_000))).isEqualTo(PageCache.PAGE_OVERHEAD + 2_000 + 500);
  }

  @Test
  void weighsALargePageOnceThoughItLivesInNativeMemory() {
    // a long body is moved to native memory, not copied there beside a heap array: it counts once, like its gzip copy
    int huge = 4 << 20;
    assertThat(PageCache.weight(page(SimpleFormat.HTML, 1, huge))).isEqualTo(PageCache.PAGE_OVERHEAD + huge + huge / 4);
  }

  @Test
  void aBudgetOfZeroCachesNothing() {
    PageCache cache = new PageCache(0);
    cache.put("foo", page(SimpleFormat.HTML, 1, 100));
    assertThat(cache.get("foo", SimpleFormat.HTML, 1)).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void staysWithinItsBudgetByDroppingWholeProjects() {
    PageCache cache = new PageCache(10_000);
    for (int i = 0; i < 1_000; i++) {
      cache.put("p" + i, page(SimpleFormat.HTML, 1, 872));
    }
    assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
    assertThat(cache.get("p999", SimpleFormat.HTML, 1)).isNotNull(); // the newest survives the eviction it caused
  }
}
