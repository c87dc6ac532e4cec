package dev.mypi.server;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.server.di.DaggerServerComponent;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.server.di.ServerComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mypi} command: starts the standalone server. Every option can also be set through
 * the environment variable named in its description.
 *
 * <pre>
 * java -jar mypi-server.jar --port 8080 --root ./packages
 * java -jar mypi-server.jar --host 0.0.0.0 --htpasswd /etc/mypi/htpasswd
 * java -jar mypi-server.jar token create --user alice --project foo --action upload --expires 30d
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

  @Option(names = "--storage", defaultValue = "${env:MYPI_STORAGE:-fs}", description = "Storage backend: fs or memory, or a plug-in's type (MYPI_STORAGE). Default: ${DEFAULT-VALUE}")
  String storage = "fs";

  @Option(names = "--root", defaultValue = "${env:MYPI_ROOT:-./packages}", description = "Directory of the fs storage; an existing flat folder of distributions is served too (MYPI_ROOT). Default: ${DEFAULT-VALUE}")
  Path root = Path.of("packages");

  @Option(names = "--max-upload-size", defaultValue = "${env:MYPI_MAX_UPLOAD_SIZE:-100MiB}", description = "Largest file accepted, e.g. 100MiB, 2GiB (MYPI_MAX_UPLOAD_SIZE). Default: ${DEFAULT-VALUE}")
  String maxUploadSize = "100MiB";

  @Option(names = "--overwrite", defaultValue = "${env:MYPI_OVERWRITE:-false}", description = "Allow an upload to replace an existing file with different content (MYPI_OVERWRITE). Default: ${DEFAULT-VALUE}")
  boolean overwrite;

  @Option(names = "--base-url", defaultValue = "${env:MYPI_BASE_URL}", description = "Public URL behind a reverse proxy, e.g. https://pypi.example.com/ (MYPI_BASE_URL). Default: relative links")
  @Nullable String baseUrl;

  @Option(names = "--idle-timeout", defaultValue = "${env:MYPI_IDLE_TIMEOUT:-30}", description = "Seconds a connection may stall, also mid-upload (MYPI_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
  long idleTimeoutSeconds = 30;

  @Option(names = "--spool-dir", defaultValue = "${env:MYPI_SPOOL_DIR}", description = "Where uploads are spooled while validated (MYPI_SPOOL_DIR). Default: the system temp dir")
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
    ServerConfig config =
        new ServerConfig(
            host,
            port,
            storage,
            ImmutableMap.of("root", root.toString()),
            parseSize(maxUploadSize),
            overwrite,
            baseUrl == null || baseUrl.isBlank() ? null : baseUrl,
            Duration.ofSeconds(idleTimeoutSeconds),
            !noRequestLog,
            spoolDir,
            metrics);
    SecurityConfig auth = securityConfig();
    Optional<String> refusal = ServletSecurity.refusalToListen(host, auth.effectiveAccessMode(), auth.allowAnonymousUploadsFromNetwork());
    if (refusal.isPresent()) {
      spec.commandLine().getErr().println("mypi: " + refusal.get());
      return 2;
    }
    if (auth.effectiveAccessMode() == AccessMode.OPEN && !ServletSecurity.isLoopback(host)) {
      spec.commandLine().getErr().println("mypi: WARNING: open index on " + host + ": anyone who reaches it can upload packages (--allow-anonymous-uploads-from-network)");
    }
    ServerComponent component = DaggerServerComponent.factory().create(config, auth);
    BlobStore store = component.blobStore();
    ProjectIndex index = component.index();
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
