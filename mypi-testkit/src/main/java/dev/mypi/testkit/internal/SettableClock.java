package dev.mypi.testkit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The index clock of a mock server: the system clock, or a fixed instant once {@link #set} is
 * called, or, for the current thread only, the instant of a {@link #runAt} call (so a scenario
 * can stamp one upload without affecting concurrent client uploads).
 */
public final class SettableClock extends Clock {
  private final ThreadLocal<@Nullable Instant> perThread = new ThreadLocal<>();
  private volatile @Nullable Instant fixed;

  /** Fixes the time for every later change; null returns to the system clock. */
  public void set(@Nullable Instant instant) {
    this.fixed = instant;
  }

  /** Runs {@code action} on this thread with the clock at {@code instant}. */
  public <T, E extends Exception> T runAt(Instant instant, ThrowingSupplier<T, E> action) throws E {
    Instant previous = perThread.get();
    perThread.set(instant);
    try {
      return action.get();
    } finally {
      if (previous == null) {
        perThread.remove();
      } else {
        perThread.set(previous);
      }
    }
  }

  /** A supplier that may throw. */
  @FunctionalInterface
  public interface ThrowingSupplier<T, E extends Exception> {
    /** Returns the value. */
    T get() throws E;
  }

  @Override
  public Instant instant() {
    Instant t = perThread.get();
    if (t != null) {
      return t;
    }
    Instant f = fixed;
    return f != null ? f : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the index clock is always UTC");
  }
}
