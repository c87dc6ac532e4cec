package dev.mypi.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private final LoginThrottle throttle = LoginThrottle.create(5, Duration.ofSeconds(60), Duration.ofSeconds(60), clock);

  private void fail(int times, String user, String address) {
    for (int i = 0; i < times; i++) {
      throttle.recordFailure(user, address);
    }
  }

  @Test
  void locksAUserOutOfOneAddressAfterFiveFailuresWithinAMinute() {
    fail(4, "alice", "10.0.0.1");
    assertThat(throttle.lockedFor("alice", "10.0.0.1")).isEmpty();

    assertThat(throttle.recordFailure("alice", "10.0.0.1")).isTrue();

    assertThat(throttle.lockedFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(60));
    assertThat(throttle.lockedFor("alice", "10.0.0.2")).isEmpty();
    assertThat(throttle.lockedFor("bob", "10.0.0.1")).isEmpty();
  }

  @Test
  void theLockoutEndsAfterItsDuration() {
    fail(5, "alice", "a");
    clock.advance(Duration.ofSeconds(45));
    assertThat(throttle.lockedFor("alice", "a")).contains(Duration.ofSeconds(15));

    clock.advance(Duration.ofSeconds(15));

    assertThat(throttle.lockedFor("alice", "a")).isEmpty();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    fail(4, "alice", "a");
    clock.advance(Duration.ofSeconds(61));

    fail(4, "alice", "a");

    assertThat(throttle.lockedFor("alice", "a")).isEmpty();
  }

  @Test
  void aSuccessfulLoginClearsTheCount() {
    fail(4, "alice", "a");
    throttle.recordSuccess("alice", "a");

    fail(4, "alice", "a");

    assertThat(throttle.lockedFor("alice", "a")).isEmpty();
  }
}
