package dev.mypi.core.internal.index;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an index up to date with the changes other nodes append to the shared journal: calls its
 * catch-up every {@code interval} on a daemon thread, and on demand when a read found nothing
 * ({@link #catchUpAfterMiss()}), so that a project uploaded through another node a moment ago is
 * found rather than answered 404.
 *
 * <p>On-demand catch-ups are coalesced and rate-limited: a miss waits for a catch-up that started
 * after it arrived (its own or another's), and such catch-ups start at most once per {@link
 * #MISS_SPACING}. A flood of requests for missing projects costs at most ten journal lookups a
 * second and delays each 404 by at most that spacing plus one lookup.
 */
final class Refresher implements AutoCloseable {
  /** The least time between two catch-ups started by misses. */
  static final Duration MISS_SPACING = Duration.ofMillis(100);

  private static final Logger logger = LoggerFactory.getLogger(Refresher.class);

  /** The catch-up: reads the journal entries after the index's serial. */
  interface CatchUp {
    void run() throws IOException;
  }

  private final CatchUp catchUp;
  private final ScheduledExecutorService executor;
  private final Object lock = new Object();
  private long lastStartNanos;
  private boolean failing;

  private Refresher(CatchUp catchUp) {
    this.catchUp = catchUp;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mypi-index-refresh");
              t.setDaemon(true);
              return t;
            });
    this.lastStartNanos = System.nanoTime() - MISS_SPACING.toNanos();
  }

  /** Starts calling {@code catchUp} every {@code interval} (fixed delay: after one ends, the next starts an interval later). */
  static Refresher start(CatchUp catchUp, Duration interval) {
    Refresher r = new Refresher(catchUp);
    long nanos = interval.toNanos();
    r.executor.scheduleWithFixedDelay(r::periodic, nanos, nanos, TimeUnit.NANOSECONDS);
    return r;
  }

  private void periodic() {
    synchronized (lock) {
      lastStartNanos = System.nanoTime();
      run();
    }
  }

  /**
   * Makes sure a catch-up started after this call and has ended: returns at once if another thread's
   * did meanwhile, else runs one (after waiting out {@link #MISS_SPACING} since the last).
   */
  void catchUpAfterMiss() {
    long arrival = System.nanoTime();
    synchronized (lock) {
      if (lastStartNanos - arrival >= 0) {
        return; // one started after we arrived, and (holding the lock) it has ended
      }
      long wait = lastStartNanos + MISS_SPACING.toNanos() - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      lastStartNanos = System.nanoTime();
      run();
    }
  }

  private void run() {
    try {
      catchUp.run();
      if (failing) {
        failing = false;
        logger.info("Reading the journal works again");
      }
    } catch (IOException | RuntimeException e) {
      if (executor.isShutdown()) {
        return; // interrupted by close()
      }
      if (!failing) {
        failing = true;
        logger.warn("Cannot read the journal to catch up with other nodes (will retry): {}", e.toString());
      }
    }
  }

  /** Stops the periodic catch-up and waits briefly for one in progress. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
