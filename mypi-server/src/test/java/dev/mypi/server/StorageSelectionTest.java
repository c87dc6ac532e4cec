package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.storage.s3.S3BlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --storage} selects a ServiceLoader-discovered backend by name, with its options. */
class StorageSelectionTest {
  private static ServerConfig config(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void anUnknownStorageTypeIsAnErrorThatListsTheKnownOnes() {
    Main main = new Main();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(main).setErr(new PrintWriter(err));

    int code = cli.execute("--storage", "s4");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("mypi: unknown storage type 's4'; known: [fs, memory, plugin-test, s3]");
  }

  @Test
  void s3OptionsBecomeTheS3ProvidersConfigurationAndTheRefreshDefaultsToOneSecond() {
    ServerConfig config =
        config("--storage", "s3", "--s3-bucket", "pypi", "--s3-prefix", "idx/", "--s3-region", "eu-west-1",
            "--s3-endpoint", "http://127.0.0.1:9000", "--s3-path-style", "--s3-part-size", "16MiB");

    assertThat(config.storage()).isEqualTo("s3");
    assertThat(config.storageConfig())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("bucket", "pypi", "prefix", "idx/", "region", "eu-west-1", "endpoint", "http://127.0.0.1:9000",
                "path-style", "true", "part-size", "16MiB"));
    assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(1));
    try (BlobStore store = BlobStores.create(config.storage(), config.storageConfig())) {
      assertThat(store).isInstanceOfSatisfying(S3BlobStore.class, s3 -> {
        assertThat(s3.bucket()).isEqualTo("pypi");
        assertThat(s3.prefix()).isEqualTo("idx/");
        assertThat(s3.partSize()).isEqualTo(16L << 20);
      });
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void s3WithoutABucketIsAnErrorNamingTheMissingSetting() {
    Main main = new Main();
    StringWriter err = new StringWriter();

    int code = new CommandLine(main).setErr(new PrintWriter(err)).execute("--storage", "s3");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("storage type 's3' needs the config key 'bucket'");
  }

  @Test
  void aBucketThatCannotBeReadIsAnErrorMessageNotAStackTrace() {
    StringWriter err = new StringWriter();

    int code =
        new CommandLine(new Main())
            .setErr(new PrintWriter(err))
            .execute("--storage", "s3", "--s3-bucket", "b", "--s3-endpoint", "http://127.0.0.1:1", "--s3-path-style", "--port", "0");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("mypi: Cannot open the index: _mypi/snapshots: cannot list:");
  }

  @Test
  void s3OptionsWithAnotherStorageAreRefused() {
    assertThatThrownBy(() -> config("--storage", "fs", "--s3-bucket", "pypi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--s3-* options are for --storage s3");
  }

  @Test
  void aThirdPartyBackendPlugsInByItsTypeWithItsOptions() throws Exception {
    ServerConfig config = config("--storage", "plugin-test", "--storage-option", "greeting=hello", "--storage-option", "size=3");

    try (BlobStore store = BlobStores.create(config.storage(), config.storageConfig())) {
      assertThat(PluginBlobStoreProvider.lastConfig).containsExactlyInAnyOrderEntriesOf(Map.of("greeting", "hello", "size", "3"));
    }
    assertThat(config.refreshInterval()).isNull();
  }

  @Test
  void theRefreshIntervalIsOffForFsUnlessSetAndTakesUsualDurations() {
    assertThat(config().refreshInterval()).isNull();
    assertThat(config("--refresh-interval", "500ms").refreshInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config("--refresh-interval", "2s").refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config("--storage", "s3", "--s3-bucket", "b", "--refresh-interval", "off").refreshInterval()).isNull();
    assertThatThrownBy(() -> config("--refresh-interval", "soon")).hasMessageContaining("not a duration");
  }
}
