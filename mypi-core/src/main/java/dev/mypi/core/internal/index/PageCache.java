package dev.mypi.core.internal.index;

import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.SimpleFormat;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Rendered pages, one slot per project holding one page per {@link SimpleFormat}, bounded by a
 * byte budget. A read is one map lookup and one volatile read: no key is built, no recency is
 * recorded, nothing is allocated. A page is valid while its serial equals the project's last
 * serial, so a change makes the project's pages stale without touching the cache. When the budget
 * is exceeded, whole slots are dropped in the map's (hash, so effectively random) order until a
 * quarter of the budget is free again: hot pages come back at the cost of one rendering.
 *
 * <p>The budget counts what a cached page really holds, not only its body: the objects around it
 * (the page, its entity tags, the slot) and the gzip-compressed copy the server asks for (estimated
 * as a quarter of the body until it is made, which is what index pages compress to). Each is held
 * once, on the heap or (when long) in native memory; both count.
 */
final class PageCache {
  private static final SimpleFormat[] FORMATS = SimpleFormat.values();
  /**
   * The bytes a page holds besides its body and compressed copy: the page object, the body's
   * array header, two entity tags and the serial as text, and a share of the slot and map node.
   */
  static final long PAGE_OVERHEAD = 320;
  private final ConcurrentHashMap<String, AtomicReferenceArray<@Nullable RenderedPage>> slots = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long budget;

  /** Creates a cache that holds at most {@code budgetBytes}; 0 caches nothing. */
  PageCache(long budgetBytes) {
    this.budget = budgetBytes;
  }

  /** Returns the cached page of {@code key} in {@code format} if it shows {@code serial}, else null. */
  @Nullable RenderedPage get(String key, SimpleFormat format, long serial) {
    AtomicReferenceArray<@Nullable RenderedPage> slot = slots.get(key);
    if (slot == null) {
      return null;
    }
    RenderedPage page = slot.get(format.ordinal());
    return page != null && page.serial() == serial ? page : null;
  }

  void put(String key, RenderedPage page) {
    if (budget == 0) {
      return;
    }
    AtomicReferenceArray<@Nullable RenderedPage> slot = slots.computeIfAbsent(key, k -> new AtomicReferenceArray<>(FORMATS.length));
    RenderedPage old = slot.getAndSet(page.format().ordinal(), page);
    long total = bytes.addAndGet(weight(page) - (old == null ? 0 : weight(old)));
    if (total > budget) {
      evict();
    }
  }

  /** Returns the bytes {@code page} holds, on and off the heap, once served in both encodings. */
  static long weight(RenderedPage page) {
    // A body (or compressed copy) is held once: on the heap when short, in native memory when long.
    return PAGE_OVERHEAD + page.length() + page.length() / 4;
  }

  private void evict() {
    long target = budget - budget / 4;
    Iterator<AtomicReferenceArray<@Nullable RenderedPage>> it = slots.values().iterator();
    while (bytes.get() > target && it.hasNext()) {
      AtomicReferenceArray<@Nullable RenderedPage> slot = it.next();
      it.remove();
      for (int i = 0; i < slot.length(); i++) {
        RenderedPage p = slot.getAndSet(i, null);
        if (p != null) {
          bytes.addAndGet(-weight(p));
        }
      }
    }
  }

  /** Returns the budget in bytes. */
  long budget() {
    return budget;
  }

  /** Returns the bytes the cached pages hold, as {@link #weight} counts them. */
  long bytes() {
    return bytes.get();
  }
}
