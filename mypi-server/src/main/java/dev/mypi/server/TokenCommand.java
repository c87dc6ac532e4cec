package dev.mypi.server;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.http.auth.Action;
import dev.mypi.http.auth.ApiToken;
import dev.mypi.http.auth.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mypi token create|list|revoke}: manages the API tokens kept in the index's storage. The
 * server need not be stopped: a running server sees a new token at once and stops taking a
 * revoked one within {@link TokenStore#revocationDelay()}.
 */
@Command(
    name = "token",
    description = "Create, list and revoke API tokens (used as: twine upload -u __token__ -p <token>).",
    mixinStandardHelpOptions = true,
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand: create, list or revoke");
  }

  /** Where the tokens are: the same storage options as the server. */
  static class StorageOptions {
    @Option(names = "--storage", defaultValue = "${env:MYPI_STORAGE:-fs}", description = "Storage backend (MYPI_STORAGE). Default: ${DEFAULT-VALUE}")
    String storage = "fs";

    @Option(names = "--root", defaultValue = "${env:MYPI_ROOT:-./packages}", description = "Directory of the fs storage (MYPI_ROOT). Default: ${DEFAULT-VALUE}")
    Path root = Path.of("packages");

    /** Opens the storage; throws IllegalArgumentException for the memory storage, where tokens would be lost at once. */
    BlobStore open() {
      if (storage.equals("memory")) {
        throw new IllegalArgumentException("tokens in the memory storage would be lost at once: use the storage of the server (--storage, --root)");
      }
      return BlobStores.create(storage, ImmutableMap.of("root", root.toString()));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token and print it once; it is stored only as a hash.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Mixin StorageOptions storage = new StorageOptions();

    @Option(names = "--user", required = true, description = "The user the token acts for")
    String user = "";

    @Option(names = "--project", description = "A project the token may be used for (repeat for several). Default: every project")
    List<String> projects = new ArrayList<>();

    @Option(names = "--action", description = "upload, yank, delete, read or admin (repeat for several). Default: upload")
    List<String> actions = new ArrayList<>();

    @Option(names = "--expires", defaultValue = "90d", description = "30d, 12h, a date (2025-12-31), an instant, or never. Default: ${DEFAULT-VALUE}")
    String expires = "90d";

    @Option(names = "--description", defaultValue = "", description = "A note shown by 'token list', e.g. what uses the token")
    String description = "";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Set<Action> parsed = new LinkedHashSet<>();
      for (String a : actions.isEmpty() ? List.of("upload") : actions) {
        try {
          parsed.add(Action.parse(a));
        } catch (IllegalArgumentException e) {
          err.println("mypi: unknown action '" + a + "': use upload, yank, delete, read or admin");
          return 2;
        }
      }
      @Nullable Instant expiry;
      try {
        expiry = parseExpiry(expires, clock.instant());
      } catch (IllegalArgumentException e) {
        err.println("mypi: " + e.getMessage());
        return 2;
      }
      try (BlobStore store = storage.open()) {
        TokenStore.NewToken created = TokenStore.create(store, clock).create(user, ImmutableSet.copyOf(projects), parsed, expiry, description);
        out.println(created.secret());
        err.println("Token " + created.token().shortId() + " for '" + user + "': " + describe(created.token())
            + ". It is shown only now; use it as: twine upload -u __token__ -p <token>");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @CommandLine.Mixin StorageOptions storage = new StorageOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (BlobStore store = storage.open()) {
        List<ApiToken> tokens = TokenStore.create(store, clock).list();
        out.printf(Locale.ROOT, "%-12s  %-16s  %-30s  %-20s  %s%n", "ID", "USER", "SCOPE", "EXPIRES", "DESCRIPTION");
        Instant now = clock.instant();
        for (ApiToken t : tokens) {
          String expiresText = t.expires() == null ? "never" : t.expires().toString() + (t.isExpired(now) ? " (expired)" : "");
          out.printf(Locale.ROOT, "%-12s  %-16s  %-30s  %-20s  %s%n", t.shortId(), t.user(), describe(t), expiresText, t.description());
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id (or the start of it, as 'token list' shows).")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Mixin StorageOptions storage = new StorageOptions();

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id, or at least its first 6 hex digits")
    String idPrefix = "";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!idPrefix.matches("[0-9a-fA-F]{6,64}")) {
        err.println("mypi: '" + idPrefix + "' is not a token id: give at least 6 hex digits as 'token list' shows them");
        return 2;
      }
      try (BlobStore store = storage.open()) {
        TokenStore tokens = TokenStore.create(store);
        List<ApiToken> matches = tokens.find(idPrefix);
        if (matches.isEmpty()) {
          err.println("mypi: no token with id '" + idPrefix + "'");
          return 1;
        }
        if (matches.size() > 1) {
          err.println("mypi: '" + idPrefix + "' matches " + matches.size() + " tokens; give more digits");
          return 1;
        }
        ApiToken t = matches.get(0);
        tokens.revoke(t);
        out.println("Revoked token " + t.shortId() + " of '" + t.user() + "' (" + describe(t) + "); running servers stop taking it within "
            + TokenStore.revocationDelay().toSeconds() + " seconds");
      }
      return 0;
    }
  }

  static String describe(ApiToken t) {
    List<String> actions = t.actions().stream().map(Action::label).toList();
    return String.join(",", actions) + " on " + (t.projects().isEmpty() ? "every project" : String.join(",", t.projects()));
  }

  /** Parses {@code 30d}, {@code 12h}, {@code 45m}, {@code 2025-12-31}, an ISO instant, or {@code never} (null). */
  static @Nullable Instant parseExpiry(String text, Instant now) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("never")) {
      return null;
    }
    if (s.matches("\\d+[dhm]")) {
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      Duration d =
          switch (s.charAt(s.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
          };
      if (d.isZero()) {
        throw new IllegalArgumentException("--expires must be in the future: '" + text + "'");
      }
      return now.plus(d);
    }
    Instant at;
    try {
      at = s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an expiry: '" + text + "' (examples: 30d, 12h, 2025-12-31, never)");
    }
    if (!at.isAfter(now)) {
      throw new IllegalArgumentException("--expires must be in the future: '" + text + "'");
    }
    return at;
  }
}
