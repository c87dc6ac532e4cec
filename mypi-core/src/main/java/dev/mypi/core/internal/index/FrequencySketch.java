package dev.mypi.core.internal.index;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How often each key was asked for recently, approximately: a count-min sketch of four rows of
 * 4-bit counters (at most 15), all halved each time as many increments as ten times the expected
 * number of keys have been counted, so that old popularity fades. A key's estimate is never below
 * its true recent count (until it is halved) and is above it only when other keys share all four of
 * its counters.
 *
 * <p>{@link PageCache} asks it whether a project that is not cached was asked for more often than
 * the one whose pages it would drop (the TinyLFU admission policy): a scan that asks for each
 * project once then replaces nothing, while a project asked for again and again gets in.
 *
 * <p>Thread-safe in the sense a sketch needs: increments from several threads at once may be lost,
 * and an increment racing with a halving may undo the halving for the 16 counters of its {@code
 * long}; an estimate is then a little off, never corrupt: a counter is incremented from the word
 * it was tested in, so none leaves 0–15 or spills into its neighbour (and were a {@code long} ever
 * written in two halves, JLS 17.7, each half holds whole counters).
 */
final class FrequencySketch {
  private static final long[] SEEDS = {0x97cb3127L, 0xbd4a2f75L, 0x5ee8c0e5L, 0x2d4c4b39L};
  private static final long HALF = 0x7777_7777_7777_7777L;
  /** The largest table: 2^22 counters in 2^18 longs (2 MiB). */
  static final int MAX_COUNTERS = 1 << 22;

  private final long[] table;
  private final int counterMask;
  private final int sampleSize;
  private int increments;

  /** Creates a sketch for about {@code expectedKeys} keys in play at a time. */
  FrequencySketch(long expectedKeys) {
    checkArgument(expectedKeys > 0, "expectedKeys must be positive: %s", expectedKeys);
    long wanted = Math.min(MAX_COUNTERS, Math.max(1024, 4 * expectedKeys));
    int counters = Integer.highestOneBit((int) wanted - 1) << 1; // a power of two, at least wanted
    this.table = new long[counters / 16];
    this.counterMask = counters - 1;
    this.sampleSize = (int) Math.min(Integer.MAX_VALUE / 2, 10 * Math.min(expectedKeys, counters));
  }

  /** Returns the estimated number of recent requests of {@code key}, 0 to 15. */
  int frequency(String key) {
    long h = spread(key.hashCode());
    int min = 15;
    for (long seed : SEEDS) {
      int counter = index(h, seed);
      min = Math.min(min, (int) (table[counter >>> 4] >>> ((counter & 15) << 2)) & 15);
    }
    return min;
  }

  /** Counts one request of {@code key}. */
  void increment(String key) {
    long h = spread(key.hashCode());
    boolean counted = false;
    for (long seed : SEEDS) {
      int counter = index(h, seed);
      int word = counter >>> 4;
      int shift = (counter & 15) << 2;
      long w = table[word];
      if (((w >>> shift) & 15) < 15) {
        table[word] = w + (1L << shift); // from the value tested: a race loses a count, never carries into a neighbour
        counted = true;
      }
    }
    if (counted && ++increments >= sampleSize) {
      halve();
    }
  }

  /** Halves every counter: what was counted long ago weighs less than what was counted lately. */
  private void halve() {
    for (int i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & HALF;
    }
    increments /= 2;
  }

  /** Returns the number of increments after which every counter is halved. */
  int sampleSize() {
    return sampleSize;
  }

  private int index(long h, long seed) {
    long x = (h + seed) * 0x9e37_79b9_7f4a_7c15L;
    x ^= x >>> 29;
    return (int) (x ^ (x >>> 32)) & counterMask;
  }

  private static long spread(int hash) {
    long x = hash * 0xbf58_476d_1ce4_e5b9L;
    return x ^ (x >>> 31);
  }
}
