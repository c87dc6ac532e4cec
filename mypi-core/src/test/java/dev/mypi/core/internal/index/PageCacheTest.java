package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.SimpleFormat;
import java.util.Random;
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
  void staysWithinItsBudgetAndHoldsThePopularProjects() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]); // 2,500 bytes a second once full
    Random random = new Random(658);
    int asked = 0;
    int hits = 0;
    for (int i = 0; i < 20_000; i++) {
      now[0] += 10_000_000L;
      // 500 projects, the first ones asked for far more often than the rest; pages of 100-5,000 bytes
      int project = (int) (500 * Math.pow(random.nextDouble(), 4));
      String name = "p" + project;
      boolean hit = cache.get(name, SimpleFormat.HTML, 1) != null;
      if (!hit) {
        cache.put(name, page(SimpleFormat.HTML, 1, 100 + (project * 7_919) % 4_900));
        assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
      }
      if (project < 5) { // about a third of the requests
        asked++;
        hits += hit ? 1 : 0;
      }
    }
    assertThat(hits).as("hits of the five most popular projects").isGreaterThan(asked * 95 / 100);
  }

  @Test
  void aRotationOverMoreProjectsThanItHoldsLeavesTheCachedPagesInPlace() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]); // 2,500 bytes a second once full
    int fits = (int) (40_000 / PageCache.weight(page(SimpleFormat.HTML, 1, 872)));
    int projects = 5 * fits;
    int admitted = 0;
    // A mirror, a crawler or a benchmark: every project in turn, each as often as any other, twenty
    // times over, with time enough for the rate alone to let in a page every 0.35 s.
    for (int i = 0; i < 20 * projects; i++) {
      now[0] += 100_000_000L;
      String name = "p" + (i % projects);
      if (cache.get(name, SimpleFormat.HTML, 1) == null && cache.put(name, page(SimpleFormat.HTML, 1, 872))) {
        admitted += i < projects ? 0 : 1; // the first round fills the empty cache
      }
    }
    // The rate alone would have let in about 19 rotations x 22.5 s / 0.35 s = 1,200 pages.
    assertThat(admitted).isLessThan(40);
  }

  @Test
  void aProjectAskedForMoreOftenThanTheOneItWouldDisplaceIsTakenIn() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]);
    int fits = (int) (40_000 / PageCache.weight(page(SimpleFormat.HTML, 1, 872)));
    put(cache, "cached", 0, fits, 872); // each asked for once
    now[0] += 1_000_000_000L;
    assertThat(cache.put("new", page(SimpleFormat.HTML, 1, 872))).isFalse(); // once, like the one it would displace
    assertThat(cache.put("new", page(SimpleFormat.HTML, 1, 872))).isFalse(); // twice: not clearly more often
    assertThat(cache.put("new", page(SimpleFormat.HTML, 1, 872))).isTrue(); // three times
    assertThat(cache.get("new", SimpleFormat.HTML, 1)).isNotNull();
    assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
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
    // Each new project asked for three times, more often than any old one: only the rate holds them back.
    assertThat(askedFor(cache, "new", 0, 100, 3, size)).isEqualTo(5); // 10,000 bytes: 4 pages and one that overdraws
    now[0] += 500_000_000L; // half a second: 5,000 bytes, less the 1,600 overdrawn
    assertThat(askedFor(cache, "new", 100, 200, 3, size)).isEqualTo(2);
    assertThat(cache.bytes()).isLessThanOrEqualTo(160_000);
  }

  @Test
  void aNewerPageOrAnotherFormatOfACachedProjectIsAlwaysTakenIn() {
    PageCache cache = new PageCache(20_000, () -> 0); // the clock never moves: no allowance once full
    put(cache, "p", 0, 100, 872);
    assertThat(askedFor(cache, "unknown", 5, 872)).isFalse();
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
  void pagesServedBetweenTwoPassesOfTheHandOutliveProjectsThatGetIn() {
    long[] now = {0};
    PageCache cache = new PageCache(40_000, () -> now[0]); // 28 pages of this size; 2,500 bytes a second once full
    put(cache, "hot", 0, 4, 872);
    int taken = 0;
    for (int i = 0; i < 1_000; i++) { // each asked for six times, missed, rendered; many are let in
      now[0] += 1_000_000_000L;
      taken += askedFor(cache, "scan" + i, 6, 872) ? 1 : 0;
      if (i % 5 == 0) { // while four projects are asked for again and again
        for (int h = 0; h < 4; h++) {
          assertThat(cache.get("hot" + h, SimpleFormat.HTML, 1)).as("hot%d after %d scanned", h, i).isNotNull();
        }
      }
    }
    assertThat(taken).isGreaterThan(500); // they displace each other, never the four
    assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
  }

  /** Asks for {@code name} {@code times} times, each a miss and a rendering; returns whether it got in. */
  private static boolean askedFor(PageCache cache, String name, int times, int size) {
    for (int i = 0; i < times; i++) {
      if (cache.get(name, SimpleFormat.HTML, 1) != null) {
        return true;
      }
      cache.put(name, page(SimpleFormat.HTML, 1, size));
    }
    return cache.get(name, SimpleFormat.HTML, 1) != null;
  }

  private static int askedFor(PageCache cache, String prefix, int from, int to, int times, int size) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += askedFor(cache, prefix + i, times, size) ? 1 : 0;
    }
    return n;
  }

  private static int put(PageCache cache, String prefix, int from, int to, int size) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += cache.put(prefix + i, page(SimpleFormat.HTML, 1, size)) ? 1 : 0;
    }
    return n;
  }
}
