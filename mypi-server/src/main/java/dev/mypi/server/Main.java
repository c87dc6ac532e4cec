package dev.mypi.server;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.server.di.DaggerServerComponent;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.server.di.ServerComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code mypi} command: starts the standalone server. Every option can also be set through
 * the environment variable named in its description.
 *
 * <pre>
 * java -jar mypi-server.jar --port 8080 --root ./packages
 * java -jar mypi-server.jar --host 0.0.0.0 --htpasswd /etc/mypi/htpasswd
 * java -jar mypi-server.jar token create --user alice --project foo --action upload --expires 30d
 * java -jar mypi-server.jar --storage s3 --s3-bucket pypi --s3-region eu-west-1
 * </pre>
 */
@Command(
    name = "mypi",
    mixinStandardHelpOptions = true,
    subcommands = TokenCommand.class,
    version = "mypi 0.1.0",
    description = "A private Python package index. pip: --index-url http://HOST:PORT/simple/ ; twine: --repository-url http://HOST:PORT/legacy/",
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "${env:MYPI_HOST:-127.0.0.1}", description = "Address to bind (MYPI_HOST). Default: ${DEFAULT-VALUE}")
  String host = "127.0.0.1";

  @Option(names = "--port", defaultValue = "${env:MYPI_PORT:-8080}", description = "Port; 0 picks a free one (MYPI_PORT). Default: ${DEFAULT-VALUE}")
  int port = 8080;

  @Option(names = "--storage", defaultValue = "${env:MYPI_STORAGE:-fs}", description = "Storage backend: fs, s3 or memory, or a plug-in's type (MYPI_STORAGE). Default: ${DEFAULT-VALUE}")
  String storage = "fs";

  @Option(names = "--root", defaultValue = "${env:MYPI_ROOT:-./packages}", description = "Directory of the fs storage; an existing flat folder of distributions is served too (MYPI_ROOT). Default: ${DEFAULT-VALUE}")
  Path root = Path.of("packages");

  @Option(names = "--s3-bucket", defaultValue = "${env:MYPI_S3_BUCKET}", description = "s3 storage: the bucket, which must exist (MYPI_S3_BUCKET)")
  @Nullable String s3Bucket;

  @Option(names = "--s3-prefix", defaultValue = "${env:MYPI_S3_PREFIX}", description = "s3 storage: keep every key below this prefix, e.g. pypi/ (MYPI_S3_PREFIX). Default: none")
  @Nullable String s3Prefix;

  @Option(names = "--s3-region", defaultValue = "${env:MYPI_S3_REGION}", description = "s3 storage: the region, e.g. eu-west-1 (MYPI_S3_REGION). Default: the AWS SDK's (AWS_REGION, profile), us-east-1 with --s3-endpoint")
  @Nullable String s3Region;

  @Option(names = "--s3-endpoint", defaultValue = "${env:MYPI_S3_ENDPOINT}", description = "s3 storage: an S3-compatible server, e.g. http://minio:9000 (MYPI_S3_ENDPOINT). Default: AWS")
  @Nullable String s3Endpoint;

  @Option(names = "--s3-path-style", defaultValue = "${env:MYPI_S3_PATH_STYLE:-false}", description = "s3 storage: address the bucket in the path, as most S3-compatible servers need (MYPI_S3_PATH_STYLE). Default: ${DEFAULT-VALUE}")
  boolean s3PathStyle;

  @Option(names = "--s3-part-size", defaultValue = "${env:MYPI_S3_PART_SIZE}", description = "s3 storage: multipart part size, at least 5MiB; one part per upload in progress is held in memory (MYPI_S3_PART_SIZE). Default: 8MiB")
  @Nullable String s3PartSize;

  @Option(names = "--storage-option", paramLabel = "KEY=VALUE", description = "A setting passed to the storage provider as it is, for plug-in backends; repeatable (MYPI_STORAGE_OPTIONS, comma-separated)")
  Map<String, String> storageOptions = new LinkedHashMap<>();

  @Option(names = "--refresh-interval", defaultValue = "${env:MYPI_REFRESH_INTERVAL:-auto}", description = "How often to read the changes other nodes on the same storage made: 1s, 500ms, off; auto is 1s for s3 and off otherwise (MYPI_REFRESH_INTERVAL). Default: ${DEFAULT-VALUE}")
  String refreshInterval = "auto";

  @Option(names = "--import-unindexed", defaultValue = "${env:MYPI_IMPORT_UNINDEXED:-background}",
      description = "Index distribution files found in the storage outside the index (an existing flat folder): background (the server answers at once; the search starts 10 s later and new files appear as they are indexed), startup (before answering) or off (MYPI_IMPORT_UNINDEXED). Default: ${DEFAULT-VALUE}")
  String importUnindexed = "background";

  @Option(names = "--page-cache-size", defaultValue = "${env:MYPI_PAGE_CACHE_SIZE:-auto}",
      description = "Memory for rendered project pages kept to serve again, counted with their gzip copies and native buffers: e.g. 32MiB, 0 for none; auto is an eighth of the maximum heap, 4MiB to 64MiB (MYPI_PAGE_CACHE_SIZE). Default: ${DEFAULT-VALUE}")
  String pageCacheSize = "auto";

  @Option(names = "--max-upload-size", defaultValue = "${env:MYPI_MAX_UPLOAD_SIZE:-100MiB}", description = "Largest file accepted, e.g. 100MiB, 2GiB (MYPI_MAX_UPLOAD_SIZE). Default: ${DEFAULT-VALUE}")
  String maxUploadSize = "100MiB";

  @Option(names = "--overwrite", defaultValue = "${env:MYPI_OVERWRITE:-false}", description = "Allow an upload to replace an existing file with different content (MYPI_OVERWRITE). Default: ${DEFAULT-VALUE}")
  boolean overwrite;

  @Option(names = "--verify-all-digests", defaultValue = "${env:MYPI_VERIFY_ALL_DIGESTS:-false}", description = "Check every digest an upload sends (MD5, SHA-256, BLAKE2b-256), as PyPI does, not only the strongest; costs about 3 CPU-seconds per GiB (MYPI_VERIFY_ALL_DIGESTS). Default: ${DEFAULT-VALUE}")
  boolean verifyAllDigests;

  @Option(names = "--base-url", defaultValue = "${env:MYPI_BASE_URL}", description = "Public URL behind a reverse proxy, e.g. https://pypi.example.com/ (MYPI_BASE_URL). Default: relative links")
  @Nullable String baseUrl;

  @Option(names = "--idle-timeout", defaultValue = "${env:MYPI_IDLE_TIMEOUT:-30}", description = "Seconds a connection may stall, also mid-upload (MYPI_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
  long idleTimeoutSeconds = 30;

  @Option(names = "--spool-dir", defaultValue = "${env:MYPI_SPOOL_DIR}", description = "Where uploads are spooled while validated (MYPI_SPOOL_DIR). Default: the fs store's own spool folder (so a finished upload is linked into place, not copied), else the system temp dir")
  @Nullable Path spoolDir;

  @Option(names = "--no-request-log", description = "Do not print one line per request")
  boolean noRequestLog;

  @Option(names = "--metrics", negatable = true, defaultValue = "${env:MYPI_METRICS:-true}", fallbackValue = "true",
      description = "Serve Prometheus metrics at /metrics; --no-metrics turns them off (MYPI_METRICS). Default: on")
  boolean metrics = true;

  @Option(names = "--access-mode", defaultValue = "${env:MYPI_ACCESS_MODE}", converter = AccessModeConverter.class,
      description = "open, upload-needs-login or everything-needs-login (MYPI_ACCESS_MODE). Default: upload-needs-login with --htpasswd, else open")
  @Nullable AccessMode accessMode;

  @Option(names = "--htpasswd", defaultValue = "${env:MYPI_HTPASSWD}",
      description = "Apache htpasswd file of users (bcrypt, MD5 or SHA-1; re-read when it changes) (MYPI_HTPASSWD)")
  @Nullable Path htpasswd;

  @Option(names = "--admins", defaultValue = "${env:MYPI_ADMINS}", description = "Comma-separated users who may do everything (MYPI_ADMINS)")
  @Nullable String admins;

  @Option(names = "--private-projects", defaultValue = "${env:MYPI_PRIVATE_PROJECTS}",
      description = "Projects only their owners, maintainers, listed readers and admins may read: a comma-separated list, or a file of 'project: reader, ...' lines (MYPI_PRIVATE_PROJECTS)")
  @Nullable String privateProjects;

  @Option(names = "--project-maintainers", defaultValue = "${env:MYPI_PROJECT_MAINTAINERS}",
      description = "File of 'project: user, ...' lines: who may upload to a project besides its owners (MYPI_PROJECT_MAINTAINERS)")
  @Nullable Path projectMaintainers;

  @Option(names = "--allow-anonymous-uploads-from-network", defaultValue = "${env:MYPI_ALLOW_ANONYMOUS_UPLOADS_FROM_NETWORK:-false}",
      description = "Let an open index (no login) listen on an address other than loopback: anyone who reaches it can publish code (MYPI_ALLOW_ANONYMOUS_UPLOADS_FROM_NETWORK)")
  boolean allowAnonymousUploadsFromNetwork;

  @Option(names = "--tls-keystore", defaultValue = "${env:MYPI_TLS_KEYSTORE}",
      description = "Serve HTTPS with the key and certificate in this PKCS12 or JKS file (MYPI_TLS_KEYSTORE). Default: plain HTTP")
  @Nullable Path tlsKeyStore;

  @Option(names = "--tls-keystore-password", defaultValue = "${env:MYPI_TLS_KEYSTORE_PASSWORD:-}",
      description = "Password of the key store; prefer the environment variable MYPI_TLS_KEYSTORE_PASSWORD, which ps does not show")
  String tlsKeyStorePassword = "";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Converts {@code --access-mode} values. */
  static final class AccessModeConverter implements CommandLine.ITypeConverter<AccessMode> {
    @Override
    public AccessMode convert(String value) {
      try {
        return AccessMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Runs the command line; exits the JVM with its status. */
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Returns the command line: the server, with the {@code token} subcommands. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException) {
                cmd.getErr().println("mypi: " + e.getMessage());
                return 1;
              }
              throw e;
            });
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    SecurityConfig auth;
    BlobStore store;
    ServerComponent component;
    try {
      config = config();
      auth = securityConfig();
      Optional<String> refusal = ServletSecurity.refusalToListen(host, auth.effectiveAccessMode(), auth.allowAnonymousUploadsFromNetwork());
      if (refusal.isPresent()) {
        spec.commandLine().getErr().println("mypi: " + refusal.get());
        return 2;
      }
      if (auth.effectiveAccessMode() == AccessMode.OPEN && !ServletSecurity.isLoopback(host)) {
        spec.commandLine().getErr().println("mypi: WARNING: open index on " + host + ": anyone who reaches it can upload packages (--allow-anonymous-uploads-from-network)");
      }
      component = DaggerServerComponent.factory().create(config, auth);
      store = component.blobStore();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("mypi: " + e.getMessage());
      return 2;
    }
    ProjectIndex index;
    try {
      index = component.index();
    } catch (UncheckedIOException e) {
      // e.g. "Cannot open the index: _mypi/snapshots: cannot list: S3 answered 404 NoSuchBucket: ..."
      spec.commandLine().getErr().println("mypi: " + e.getMessage());
      store.close();
      return 1;
    }
    MypiServer server = component.server();
    ServerMetrics serverMetrics = component.metrics();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (store;
                      index;
                      serverMetrics;
                      server) {
                    // closed in reverse order: server, metrics, index, store
                  } catch (Exception e) {
                    System.err.println("mypi: error while stopping: " + e.getMessage());
                  }
                },
                "mypi-shutdown"));
    server.start();
    System.out.println(
        "mypi storage: " + store + (config.refreshInterval() == null ? "" : ", reading other nodes' changes every " + config.refreshInterval().toMillis() + " ms"));
    System.out.println(
        "mypi serving " + server.url() + "simple/ (upload to " + server.url() + "legacy/; access: " + auth.effectiveAccessMode().label() + ")");
    server.join();
    return 0;
  }

  SecurityConfig securityConfig() {
    ImmutableSet<String> adminUsers =
        admins == null ? ImmutableSet.of() : ImmutableSet.copyOf(Splitter.on(',').trimResults().omitEmptyStrings().split(admins));
    return new SecurityConfig(
        accessMode,
        htpasswd,
        adminUsers,
        privateProjects == null || privateProjects.isBlank() ? null : privateProjects,
        projectMaintainers,
        allowAnonymousUploadsFromNetwork,
        tlsKeyStore,
        tlsKeyStorePassword);
  }

  /**
   * Returns the configuration the options describe: the storage type checked against the
   * providers {@link BlobStores} finds, and the settings for that provider.
   *
   * @throws IllegalArgumentException if the storage type is unknown (the message lists the known
   *     ones) or options do not fit it
   */
  ServerConfig config() {
    BlobStores.provider(storage); // unknown type: "unknown storage type 's4'; known: [fs, memory, s3]"
    Map<String, String> storageConfig = new LinkedHashMap<>();
    Map<String, @Nullable String> s3 = new LinkedHashMap<>();
    s3.put("bucket", s3Bucket);
    s3.put("prefix", s3Prefix);
    s3.put("region", s3Region);
    s3.put("endpoint", s3Endpoint);
    s3.put("path-style", s3PathStyle ? "true" : null);
    s3.put("part-size", s3PartSize);
    boolean anyS3 = s3.values().stream().anyMatch(v -> v != null && !v.isBlank());
    switch (storage) {
      case "fs" -> storageConfig.put("root", root.toString());
      case "s3" -> s3.forEach((k, v) -> {
        if (v != null && !v.isBlank()) {
          storageConfig.put(k, v);
        }
      });
      default -> { }
    }
    if (anyS3 && !storage.equals("s3")) {
      throw new IllegalArgumentException("the --s3-* options are for --storage s3, not '" + storage + "'");
    }
    String fromEnv = System.getenv("MYPI_STORAGE_OPTIONS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      for (String pair : fromEnv.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("MYPI_STORAGE_OPTIONS: not KEY=VALUE: '" + pair.trim() + "'");
        }
        storageConfig.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    storageConfig.putAll(storageOptions);
    return new ServerConfig(
        host,
        port,
        storage,
        ImmutableMap.copyOf(storageConfig),
        parseSize(maxUploadSize),
        overwrite,
        verifyAllDigests,
        baseUrl == null || baseUrl.isBlank() ? null : baseUrl,
        Duration.ofSeconds(idleTimeoutSeconds),
        !noRequestLog,
        spoolDir,
        parseRefreshInterval(refreshInterval, storage),
        metrics,
        !importMode().equals("off"),
        importMode().equals("background"),
        parsePageCacheSize(pageCacheSize));
  }

  /** Parses {@code --page-cache-size}: {@code auto} (null: the index's default), {@code 0} or {@code off}, or a size. */
  static @Nullable Long parsePageCacheSize(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("auto")) {
      return null;
    }
    if (s.equals("off") || s.matches("0+[a-z]*")) {
      return 0L;
    }
    try {
      return parseSize(text);
    } catch (CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException("--page-cache-size: " + e.getMessage() + "; or auto, or 0 for none", e);
    }
  }

  private String importMode() {
    String mode = importUnindexed.trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("background") && !mode.equals("startup") && !mode.equals("off")) {
      throw new IllegalArgumentException("--import-unindexed: expected background, startup or off, not '" + importUnindexed + "'");
    }
    return mode;
  }

  /**
   * Parses {@code --refresh-interval}: {@code auto} (1 s for {@code s3}, else off), {@code off} or
   * {@code 0}, or a duration such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 3} (seconds).
   *
   * @return the interval, or null for off
   */
  static @Nullable Duration parseRefreshInterval(String text, String storage) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("auto")) {
      return storage.equals("s3") ? Duration.ofSeconds(1) : null;
    }
    if (s.equals("off") || s.equals("0") || s.equals("none")) {
      return null;
    }
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
      } else {
        d = Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("--refresh-interval must be positive, or off: '" + text + "'");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--refresh-interval is not a duration (examples: 1s, 500ms, off): '" + text + "'", e);
    }
  }

  /** Parses sizes such as {@code 1048576}, {@code 100MiB}, {@code 2GiB}, {@code 500M} or {@code 10k}. */
  static long parseSize(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long multiplier = 1;
    String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1000"}, {"mb", "1000000"}, {"gb", "1000000000"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        multiplier = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      long value = Long.parseLong(s);
      if (value <= 0) {
        throw new CommandLine.TypeConversionException("size must be positive: '" + text + "'");
      }
      return Math.multiplyExact(value, multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException("not a size: '" + text + "' (examples: 100MiB, 2GiB, 1048576)");
    }
  }
}
