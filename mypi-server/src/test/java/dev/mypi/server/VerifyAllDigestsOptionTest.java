package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyAllDigestsOptionTest {
  private static ServerConfig parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void onlyTheStrongestDigestIsVerifiedByDefault() {
    assertThat(parse().verifyAllDigests()).isFalse();
  }

  @Test
  void theFlagVerifiesEveryDigestSent() {
    assertThat(parse("--verify-all-digests").verifyAllDigests()).isTrue();
  }
}
