package dev.mypi.server;

import com.google.common.collect.ImmutableSet;
import dev.mypi.http.MypiServlet;
import dev.mypi.http.auth.AccessMode;
import dev.mypi.http.auth.Authenticator;
import dev.mypi.http.auth.Authorizer;
import dev.mypi.http.auth.BasicAuthenticator;
import dev.mypi.http.auth.DefaultAuthorizer;
import dev.mypi.http.auth.HtpasswdFile;
import dev.mypi.http.auth.TokenStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server's authenticator, authorizer and access mode, built from an {@link
 * SecurityConfig}: htpasswd users and the index's API tokens over HTTP Basic, {@link
 * DefaultAuthorizer} rules.
 */
public final class ServletSecurity {
  private static final Logger logger = LoggerFactory.getLogger(ServletSecurity.class);

  private final @Nullable Authenticator authenticator;
  private final Authorizer authorizer;
  private final AccessMode accessMode;

  private ServletSecurity(@Nullable Authenticator authenticator, Authorizer authorizer, AccessMode accessMode) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.accessMode = accessMode;
  }

  /** Builds the security of {@code config}; reads the htpasswd file and the project lists. */
  public static ServletSecurity create(SecurityConfig config, TokenStore tokens) throws IOException {
    AccessMode mode = config.effectiveAccessMode();
    DefaultAuthorizer.Builder rules = DefaultAuthorizer.builder().admins(config.admins());
    if (config.privateProjects() != null) {
      for (Map.Entry<String, ImmutableSet<String>> e : ProjectLists.fileOrList(config.privateProjects()).entrySet()) {
        rules.privateProject(e.getKey(), e.getValue());
      }
    }
    if (config.projectMaintainers() != null) {
      for (Map.Entry<String, ImmutableSet<String>> e : ProjectLists.file(config.projectMaintainers()).entrySet()) {
        rules.maintainers(e.getKey(), e.getValue());
      }
    }
    BasicAuthenticator.Builder basic = BasicAuthenticator.builder().tokens(tokens);
    if (config.htpasswd() != null) {
      HtpasswdFile users = HtpasswdFile.open(config.htpasswd());
      basic.htpasswd(users);
      logger.info("{} users from {}", users.size(), config.htpasswd());
    }
    // Even an open index authenticates the readers of private projects.
    boolean needsAuthenticator = mode != AccessMode.OPEN || config.privateProjects() != null;
    return new ServletSecurity(needsAuthenticator ? basic.build() : null, rules.build(), mode);
  }

  /** Returns the security of an open index: no authenticator, default rules. */
  public static ServletSecurity open() {
    return new ServletSecurity(null, DefaultAuthorizer.builder().build(), AccessMode.OPEN);
  }

  /** Returns the access mode. */
  public AccessMode accessMode() {
    return accessMode;
  }

  /** Configures {@code builder} with this security and returns it. */
  public MypiServlet.Builder applyTo(MypiServlet.Builder builder) {
    builder.authorizer(authorizer).accessMode(accessMode);
    if (authenticator != null) {
      builder.authenticator(authenticator);
    }
    return builder;
  }

  /**
   * Returns why the server must not start, if it must not: an open index (anyone uploads) that
   * would listen on an address other than loopback without {@code
   * --allow-anonymous-uploads-from-network}.
   */
  public static Optional<String> refusalToListen(String host, AccessMode mode, boolean allowAnonymousUploadsFromNetwork) {
    if (mode != AccessMode.OPEN || allowAnonymousUploadsFromNetwork || isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of(
        "Refusing to serve an open index on " + host + ": anyone who reaches it could upload packages that others install."
            + " Configure users (--htpasswd FILE, or API tokens with --access-mode upload-needs-login), listen on 127.0.0.1,"
            + " or pass --allow-anonymous-uploads-from-network if every machine that can reach this address may publish code.");
  }

  /** Returns whether {@code host} is a loopback address (127.0.0.0/8, ::1, or a name for one). */
  public static boolean isLoopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress a : addresses) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

}
