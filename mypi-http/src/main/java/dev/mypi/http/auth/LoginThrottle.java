package dev.mypi.http.auth;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one user from one
 * client address within {@code window}, that user is refused from that address for {@code
 * lockout} without the password being checked (the servlet answers 429 with {@code
 * Retry-After}). A successful login clears the count. Other addresses are not affected, so a
 * guesser cannot lock a user out everywhere (behind a reverse proxy every client has the proxy's
 * address: the lockout then applies to the user from everywhere).
 *
 * <p>Defaults: 5 failures within 60 seconds lock out for 60 seconds. Memory is bounded: at most
 * 100,000 (user, address) pairs are remembered. Thread-safe.
 */
public final class LoginThrottle {
  private final int maxFailures;
  private final Duration window;
  private final Duration lockout;
  private final Clock clock;
  private final Cache<Key, State> states;

  private record Key(String user, String address) {}

  /** Failure times within the window, and the end of a lockout. */
  private static final class State {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant lockedUntil = Instant.MIN;
  }

  private LoginThrottle(int maxFailures, Duration window, Duration lockout, Clock clock) {
    checkArgument(maxFailures > 0, "maxFailures must be positive: %s", maxFailures);
    this.maxFailures = maxFailures;
    this.window = window;
    this.lockout = lockout;
    this.clock = clock;
    long keepMillis = window.plus(lockout).toMillis();
    this.states = CacheBuilder.newBuilder().maximumSize(100_000).expireAfterAccess(keepMillis, TimeUnit.MILLISECONDS).build();
  }

  /** Returns the default throttle: 5 failures within 60 seconds lock out for 60 seconds. */
  public static LoginThrottle defaults() {
    return create(5, Duration.ofSeconds(60), Duration.ofSeconds(60), Clock.systemUTC());
  }

  /** Returns a throttle with these limits; {@code clock} tells the time (for tests). */
  public static LoginThrottle create(int maxFailures, Duration window, Duration lockout, Clock clock) {
    return new LoginThrottle(maxFailures, window, lockout, clock);
  }

  /** Returns how long {@code user} is still locked out from {@code address}, or empty when they may try. */
  public Optional<Duration> lockedFor(String user, String address) {
    State state = states.getIfPresent(new Key(user, address));
    if (state == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    synchronized (state) {
      if (now.isBefore(state.lockedUntil)) {
        return Optional.of(Duration.between(now, state.lockedUntil));
      }
      return Optional.empty();
    }
  }

  /** Records a failed login; returns true when it locked the user out. */
  public boolean recordFailure(String user, String address) {
    Instant now = clock.instant();
    State state;
    try {
      state = states.get(new Key(user, address), State::new);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    synchronized (state) {
      Instant cutoff = now.minus(window);
      while (!state.failures.isEmpty() && !state.failures.peekFirst().isAfter(cutoff)) {
        state.failures.removeFirst();
      }
      state.failures.addLast(now);
      if (state.failures.size() >= maxFailures) {
        state.failures.clear();
        state.lockedUntil = now.plus(lockout);
        return true;
      }
      return false;
    }
  }

  /** Records a successful login: forgets the failures of {@code user} from {@code address}. */
  public void recordSuccess(String user, String address) {
    states.invalidate(new Key(user, address));
  }
}
