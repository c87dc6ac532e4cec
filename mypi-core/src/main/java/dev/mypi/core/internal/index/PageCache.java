package dev.mypi.core.internal.index;

import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.SimpleFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Rendered pages, one slot per project holding one page per {@link SimpleFormat}, bounded by a
 * byte budget. A read is one map lookup and one volatile read, and a hit is counted in a small
 * sketch of how often each project is asked for (four counters; the first hit after the eviction
 * hand has passed also writes its mark): no key is built, nothing is allocated. A page is valid
 * while its serial equals the project's last serial, so a change makes the project's pages stale
 * without touching the cache; the next rendering replaces them.
 *
 * <p><b>Admission.</b> A full cache takes in the page of a project it does not hold only if that
 * project was asked for clearly more often lately ({@linkplain #ADMISSION_MARGIN two requests more}) than
 * the project whose pages would make room for it (the next one the eviction hand would drop), as a
 * {@link FrequencySketch} of every request counts them (TinyLFU), and then at a bounded rate:
 * {@linkplain #REFILL_DIVISOR a sixteenth} of its budget per second. A scan over more projects than
 * the cache holds (a mirror, a crawler, a benchmark rotating over every project) would otherwise
 * replace every page before it is asked for again: few requests would hit, and every cached page
 * would live just long enough to reach the old generation of the heap and die there, which costs
 * full garbage collections (measured in {@code docs/benchmarks.md}: issue 7, fourth round, pauses
 * of 70–80 ms twice a second at 100,000 projects with a small heap; tenth round, with the rate
 * bound alone a full collection of 150–250 ms every 5–8 s). With the frequency test a scan's pages
 * are rendered, sent and dropped young while the cached pages stay; a new hot set, asked for more
 * often than what it displaces, still moves in within seconds. A page that replaces its project's older page, or adds another format to a cached
 * project, is always taken in.
 *
 * <p><b>Eviction</b> is a clock: a hand walks the slots in the map's (hash, so effectively random)
 * order and drops the first one not served since it last passed, clearing the mark of those that
 * were. Pages asked for between two passes of the hand stay.
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
  /** A full cache takes in new projects' pages worth at most its budget divided by this per second: 16. */
  static final int REFILL_DIVISOR = 16;

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** One project's pages, one per format, and whether one was served since the hand last passed. */
  @SuppressWarnings("serial") // never serialised
  private static final class Slot extends AtomicReferenceArray<@Nullable RenderedPage> {
    volatile boolean served;

    Slot() {
      super(FORMATS.length);
    }
  }

  /**
   * How many more recent requests than the project it would displace a project needs to get into a
   * full cache: 2. With 1, a rotation over more projects than the cache holds (each asked for
   * equally often) would still churn it after each halving of the sketch's counts, when the
   * projects asked for since beat those not asked for yet by one.
   */
  static final int ADMISSION_MARGIN = 2;
  /** The weight of a small project's page, for sizing the frequency sketch: 1 KiB. */
  static final long TYPICAL_WEIGHT = 1024;

  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long budget;
  private final LongSupplier nanoTime;
  /** How often each project was asked for lately; null when the budget is 0. */
  private final @Nullable FrequencySketch frequencies;
  /** The clock's hand; guarded by {@code this}, like the allowance and {@link #next}. */
  private @Nullable Iterator<Map.Entry<String, Slot>> hand;
  /** The slot the hand points at: the next one to look at, taken from the hand but not yet passed. */
  private Map.@Nullable Entry<String, Slot> next;
  /** Bytes a full cache may still take in; refilled at budget / REFILL_DIVISOR per second. */
  private long allowance;
  private long refilledAt;

  /** Creates a cache that holds at most {@code budgetBytes}; 0 caches nothing. */
  PageCache(long budgetBytes) {
    this(budgetBytes, System::nanoTime);
  }

  /** Creates a cache that reads the time for its admission rate from {@code nanoTime}. */
  PageCache(long budgetBytes, LongSupplier nanoTime) {
    this.budget = budgetBytes;
    this.nanoTime = nanoTime;
    this.frequencies = budgetBytes == 0 ? null : new FrequencySketch(Math.max(1, budgetBytes / TYPICAL_WEIGHT));
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Returns the cached page of {@code key} in {@code format} if it shows {@code serial}, else null. */
  @Nullable RenderedPage get(String key, SimpleFormat format, long serial) {
    Slot slot = slots.get(key);
    if (slot == null) {
      return null;
    }
    RenderedPage page = slot.get(format.ordinal());
    if (page == null || page.serial() != serial) {
      return null;
    }
    if (!slot.served) {
      slot.served = true; // written only when the hand has cleared it: hot slots are not written to on every read
    }
    FrequencySketch f = frequencies;
    if (f != null) {
      f.increment(key);
    }
    return page;
  }

  /**
   * Caches {@code page}, just rendered for a request of {@code key} that missed, as {@code key}'s
   * page in its format, replacing an older one, unless the cache is full, holds nothing of {@code
   * key}, and either {@code key} was not asked for more often lately than the project that would
   * make room or the cache has taken in its share of new pages for now.
   *
   * @return whether the page was cached
   */
  boolean put(String key, RenderedPage page) {
    FrequencySketch f = frequencies;
    if (f == null) {
      return false;
    }
    f.increment(key); // the request that missed
    long weight = weight(page);
    Slot slot = slots.get(key);
    if (slot == null) {
      if (bytes.get() + weight > budget && !admit(key, weight)) {
        return false;
      }
      slot = slots.computeIfAbsent(key, k -> new Slot());
    }
    int i = page.format().ordinal();
    RenderedPage old = slot.getAndSet(i, page);
    long total = bytes.addAndGet(weight - (old == null ? 0 : weight(old)));
    if (slots.get(key) != slot) {
      // The hand dropped the slot meanwhile: take back the page (unless the hand did) rather than
      // count bytes nobody can find.
      if (slot.compareAndSet(i, page, null)) {
        bytes.addAndGet(-weight);
      }
      return false;
    }
    if (total > budget) {
      evict();
    }
    return true;
  }

  /** Returns the bytes {@code page} holds, on and off the heap, once served in both encodings. */
  static long weight(RenderedPage page) {
    // A body (or compressed copy) is held once: on the heap when short, in native memory when long.
    return PAGE_OVERHEAD + page.length() + page.length() / 4;
  }

  /**
   * Returns whether a full cache takes in {@code key}'s page of {@code weight} bytes: if {@code key}
   * was asked for more often lately than the project the hand would drop next, and the allowance
   * of a full cache has some left (which it is then charged).
   */
  private synchronized boolean admit(String key, long weight) {
    Map.Entry<String, Slot> victim = nextVictim();
    FrequencySketch f = frequencies;
    if (f != null && victim != null && f.frequency(key) < f.frequency(victim.getKey()) + ADMISSION_MARGIN) {
      return false;
    }
    long now = nanoTime.getAsLong();
    long perSecond = budget / REFILL_DIVISOR;
    long elapsed = Math.min(SECOND, Math.max(0, now - refilledAt));
    allowance = Math.min(perSecond, allowance + (long) (perSecond * ((double) elapsed / SECOND)));
    refilledAt = now;
    if (allowance <= 0) {
      return false;
    }
    allowance -= weight; // may go below zero: a page larger than a second's share still gets in
    return true;
  }

  /** Moves the hand, dropping slots not served since it last passed, until the cache fits its budget. */
  private synchronized void evict() {
    while (bytes.get() > budget) {
      Map.Entry<String, Slot> victim = nextVictim();
      if (victim == null) {
        return;
      }
      next = null; // passed
      Slot slot = victim.getValue();
      if (slots.remove(victim.getKey(), slot)) {
        for (int i = 0; i < slot.length(); i++) {
          RenderedPage p = slot.getAndSet(i, null);
          if (p != null) {
            bytes.addAndGet(-weight(p));
          }
        }
      }
    }
  }

  /**
   * Moves the hand to the next slot not served since it last passed, clearing the marks of those
   * that were, and returns it without passing it (null if the cache is empty). After two full
   * turns without an idle slot (every page is being served) it stops at the next one anyway.
   */
  private Map.@Nullable Entry<String, Slot> nextVictim() {
    long spared = 0;
    while (true) {
      Map.Entry<String, Slot> entry = next;
      if (entry == null) {
        Iterator<Map.Entry<String, Slot>> h = hand;
        if (h == null || !h.hasNext()) {
          h = slots.entrySet().iterator();
          hand = h;
          if (!h.hasNext()) {
            return null;
          }
        }
        entry = h.next();
        next = entry;
      }
      Slot slot = entry.getValue();
      if (slots.get(entry.getKey()) != slot) {
        next = null; // no longer in the map (the hand is weakly consistent): not a slot to drop
        continue;
      }
      if (slot.served && spared <= 2L * slots.size()) {
        slot.served = false;
        spared++;
        next = null;
        continue;
      }
      return entry;
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
