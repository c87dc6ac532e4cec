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
  void staysWithinItsBudget() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]); // 2,500 bytes a second once full
    for (int i = 0; i < 1_000; i++) {
      now[0] += 1_000_000_000L; // a second between pages: each is let in and makes room for itself
      assertThat(cache.put("p" + i, page(SimpleFormat.HTML, 1, 872))).isTrue();
      assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
    }
    assertThat(cache.get("p999", SimpleFormat.HTML, 1)).isNotNull(); // the newest survives the eviction it caused
  }

  @Test
  void aFullCacheTakesInNewProjectsAtASixteenthOfItsBudgetPerSecond() {
    long[] now = {0};
    PageCache cache = new PageCache(160_000, () -> now[0]); // 10,000 bytes a second once full
    int size = 1_600;
    long weight = PageCache.weight(page(SimpleFormat.HTML, 1, size)); // 400 + 1,600 + 320 = 2,320
    int fits = (int) (160_000 / weight);
    assertThat(put(cache, "old", 0, fits, size)).isEqualTo(fits); // not full yet: everything is taken in
    now[0] += 2_000_000_000L; // two seconds: the allowance is capped at one second's worth
    assertThat(put(cache, "new", 0, 100, size)).isEqualTo(5); // 10,000 bytes: 4 pages and one that overdraws
    now[0] += 500_000_000L; // half a second: 5,000 bytes, less the 1,600 overdrawn
    assertThat(put(cache, "new", 100, 200, size)).isEqualTo(2);
    assertThat(cache.bytes()).isLessThanOrEqualTo(160_000);
  }

  @Test
  void aNewerPageOrAnotherFormatOfACachedProjectIsAlwaysTakenIn() {
    PageCache cache = new PageCache(20_000, () -> 0); // the clock never moves: no allowance once full
    put(cache, "p", 0, 100, 872);
    assertThat(cache.put("unknown", page(SimpleFormat.HTML, 1, 872))).isFalse();
    int cachedOne = -1;
    for (int i = 0; i < 100 && cachedOne < 0; i++) {
      cachedOne = cache.get("p" + i, SimpleFormat.HTML, 1) != null ? i : -1;
    }
    assertThat(cachedOne).isNotNegative();
    RenderedPage newer = page(SimpleFormat.HTML, 2, 872);
    RenderedPage json = page(SimpleFormat.JSON_V1, 2, 872);
    assertThat(cache.put("p" + cachedOne, newer)).isTrue();
    assertThat(cache.put("p" + cachedOne, json)).isTrue();
    assertThat(cache.get("p" + cachedOne, SimpleFormat.HTML, 2)).isSameAs(newer);
    assertThat(cache.get("p" + cachedOne, SimpleFormat.JSON_V1, 2)).isSameAs(json);
    assertThat(cache.bytes()).isLessThanOrEqualTo(20_000);
  }

  @Test
  void pagesServedBetweenTwoPassesOfTheHandOutliveAScan() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]); // 28 pages of this size; 2,500 bytes a second once full
    put(cache, "hot", 0, 4, 872);
    for (int i = 0; i < 1_000; i++) { // each asked for once, missed, rendered and let in
      String name = "scan" + i;
      assertThat(cache.get(name, SimpleFormat.HTML, 1)).isNull();
      now[0] += 1_000_000_000L;
      assertThat(cache.put(name, page(SimpleFormat.HTML, 1, 872))).isTrue();
      if (i % 5 == 0) { // while four projects are asked for again and again
        for (int h = 0; h < 4; h++) {
          assertThat(cache.get("hot" + h, SimpleFormat.HTML, 1)).as("hot%d after %d scanned", h, i).isNotNull();
        }
      }
    }
    assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
  }

  private static int put(PageCache cache, String prefix, int from, int to, int size) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += cache.put(prefix + i, page(SimpleFormat.HTML, 1, size)) ? 1 : 0;
    }
    return n;
  }
}
