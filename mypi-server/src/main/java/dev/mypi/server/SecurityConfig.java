package dev.mypi.server;

import com.google.common.collect.ImmutableSet;
import dev.mypi.http.auth.AccessMode;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How the standalone server decides who may do what, and whether it speaks TLS, whatever it came from (command line or
 * environment).
 *
 * @param accessMode which actions need a login, or null for the default: {@code
 *     upload-needs-login} when an htpasswd file is configured, {@code open} otherwise
 * @param htpasswd the Apache htpasswd file of users and passwords, or null for none (API tokens
 *     still work when a mode needs a login)
 * @param admins users who may do everything, including yank and delete
 * @param privateProjects a file of private projects (one per line, {@code project: reader, …}), or
 *     a comma-separated list of project names; null for none
 * @param projectMaintainers a file of {@code project: user, …} lines: users who may upload to a
 *     project besides its owners; null for none
 * @param allowAnonymousUploadsFromNetwork whether an open index may listen on an address other than
 *     loopback
 * @param tlsKeyStore a PKCS12 or JKS key store for HTTPS, or null for plain HTTP
 * @param tlsKeyStorePassword the key store's password (empty when there is none)
 */
public record SecurityConfig(
    @Nullable AccessMode accessMode,
    @Nullable Path htpasswd,
    ImmutableSet<String> admins,
    @Nullable String privateProjects,
    @Nullable Path projectMaintainers,
    boolean allowAnonymousUploadsFromNetwork,
    @Nullable Path tlsKeyStore,
    String tlsKeyStorePassword) {

  /** Returns the configuration of an open index with no users over plain HTTP (the library default). */
  public static SecurityConfig open() {
    return new SecurityConfig(AccessMode.OPEN, null, ImmutableSet.of(), null, null, false, null, "");
  }

  /** Returns the settings without TLS; for tests and callers that do not serve HTTPS. */
  public static SecurityConfig of(
      @Nullable AccessMode accessMode,
      @Nullable Path htpasswd,
      ImmutableSet<String> admins,
      @Nullable String privateProjects,
      @Nullable Path projectMaintainers,
      boolean allowAnonymousUploadsFromNetwork) {
    return new SecurityConfig(accessMode, htpasswd, admins, privateProjects, projectMaintainers, allowAnonymousUploadsFromNetwork, null, "");
  }

  @Override
  public String toString() {
    return "SecurityConfig[accessMode=" + accessMode + ", htpasswd=" + htpasswd + ", admins=" + admins + ", privateProjects="
        + privateProjects + ", projectMaintainers=" + projectMaintainers + ", allowAnonymousUploadsFromNetwork="
        + allowAnonymousUploadsFromNetwork + ", tlsKeyStore=" + tlsKeyStore + "]"; // never the password
  }

  /** Returns the access mode in effect: the configured one, else derived from whether there are credentials. */
  public AccessMode effectiveAccessMode() {
    if (accessMode != null) {
      return accessMode;
    }
    return htpasswd != null ? AccessMode.UPLOAD_NEEDS_LOGIN : AccessMode.OPEN;
  }
}
