package dev.mypi.core;

import dev.mypi.core.internal.storage.NoIndexListener;

/**
 * Hears what a {@link ProjectIndex} does inside, for metrics: page-cache hits and misses and the
 * duration of every storage call. Set with {@link IndexBuilder#listener}; the default does
 * nothing. mypi-core knows no metrics library: {@code MicrometerIndexListener} in mypi-http
 * bridges this to Micrometer.
 *
 * <p>Methods are called on request threads, often concurrently, and must be fast and never
 * throw. Every method does nothing by default, so an implementation overrides what it needs.
 */
public interface IndexListener {
  /** Returns a listener that ignores everything (the default). */
  static IndexListener none() {
    return NoIndexListener.INSTANCE;
  }

  /** A rendered page (project page or project list) was served from the page cache. */
  default void pageCacheHit() {}

  /** A page was not in the cache (or stale) and was rendered. */
  default void pageCacheMiss() {}

  /**
   * A call to the index's {@link dev.mypi.core.storage.BlobStore} returned or threw.
   *
   * @param operation {@code put}, {@code open}, {@code stat}, {@code list} or {@code delete}
   *     ({@code open} and {@code list} are timed until the blob or stream is returned, not while
   *     it is read)
   * @param nanos how long it took
   * @param success false when it threw
   */
  default void storageCall(String operation, long nanos, boolean success) {}
}
