package dev.mypi.http;

import dev.mypi.core.IndexListener;
import dev.mypi.http.internal.HttpMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Records what a {@link dev.mypi.core.ProjectIndex} reports to its {@link IndexListener} as
 * Micrometer meters:
 *
 * <ul>
 *   <li>{@code mypi.page.cache.gets}, tag {@code result} = {@code hit} or {@code miss}: rendered
 *       pages served from the page cache or rendered ({@code mypi_page_cache_gets_total} in
 *       Prometheus);
 *   <li>{@code mypi.storage.calls}, tags {@code operation} ({@code put}, {@code open}, {@code
 *       stat}, {@code list}, {@code delete}) and {@code outcome} ({@code success}, {@code error}):
 *       the latency of each call to the storage ({@code mypi_storage_calls_seconds_*}).
 * </ul>
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * ProjectIndex index = ProjectIndex.builder(store).listener(MicrometerIndexListener.create(registry)).build();
 * MypiServlet servlet = MypiServlet.builder(index).meterRegistry(registry).build();
 * }</pre>
 *
 * <p>Needs {@code io.micrometer:micrometer-core} on the class path (an optional dependency of
 * mypi-http).
 */
public final class MicrometerIndexListener implements IndexListener {
  /** Page-cache lookups by result. */
  public static final String PAGE_CACHE_GETS = "mypi.page.cache.gets";
  /** Storage call latency by operation and outcome. */
  public static final String STORAGE_CALLS = "mypi.storage.calls";

  private final MeterRegistry registry;
  private final Counter hits;
  private final Counter misses;
  private final ConcurrentMap<String, Timer> succeeded = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> failed = new ConcurrentHashMap<>();

  private MicrometerIndexListener(MeterRegistry registry) {
    this.registry = registry;
    this.hits = cacheCounter("hit");
    this.misses = cacheCounter("miss");
    for (String operation : new String[] {"put", "open", "stat", "list", "delete"}) {
      succeeded.put(operation, storageTimer(operation, "success"));
    }
  }

  /** Returns a listener that records into {@code registry}. */
  public static MicrometerIndexListener create(MeterRegistry registry) {
    return new MicrometerIndexListener(registry);
  }

  private Counter cacheCounter(String result) {
    return Counter.builder(PAGE_CACHE_GETS)
        .description("Rendered-page cache lookups: hit (served from memory) or miss (rendered)")
        .tag("result", result)
        .register(registry);
  }

  private Timer storageTimer(String operation, String outcome) {
    return Timer.builder(STORAGE_CALLS)
        .description("Calls to the storage backend (open and list until they return, not while read)")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .serviceLevelObjectives(HttpMetrics.LATENCY_BUCKETS)
        .register(registry);
  }

  @Override
  public void pageCacheHit() {
    hits.increment();
  }

  @Override
  public void pageCacheMiss() {
    misses.increment();
  }

  @Override
  public void storageCall(String operation, long nanos, boolean success) {
    ConcurrentMap<String, Timer> timers = success ? succeeded : failed;
    Timer timer = timers.get(operation);
    if (timer == null) {
      timer = timers.computeIfAbsent(operation, op -> storageTimer(op, success ? "success" : "error"));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
