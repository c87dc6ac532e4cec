package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PageCacheSizeOptionTest {
  private static ServerConfig parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void theIndexChoosesTheSizeByDefault() {
    assertThat(parse().pageCacheSize()).isNull();
    assertThat(parse("--page-cache-size", "auto").pageCacheSize()).isNull();
  }

  @Test
  void sizesTakeUnits() {
    assertThat(parse("--page-cache-size", "32MiB").pageCacheSize()).isEqualTo(32L << 20);
    assertThat(parse("--page-cache-size", "1048576").pageCacheSize()).isEqualTo(1L << 20);
  }

  @Test
  void zeroOrOffCachesNoPages() {
    assertThat(parse("--page-cache-size", "0").pageCacheSize()).isZero();
    assertThat(parse("--page-cache-size", "0MiB").pageCacheSize()).isZero();
    assertThat(parse("--page-cache-size", "off").pageCacheSize()).isZero();
  }

  @Test
  void aSizeThatIsNoSizeIsRejectedWithTheOptionsName() {
    assertThatThrownBy(() -> parse("--page-cache-size", "lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--page-cache-size")
        .hasMessageContaining("lots");
  }
}
