package dev.mypi.http.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds out who sent a request. Implementations must be thread-safe, must compare secrets in
 * constant time and must never log a secret.
 *
 * <p>mypi ships {@link BasicAuthenticator} (htpasswd passwords and API tokens over HTTP Basic, as
 * pip and twine send them). An application that logs its users in itself writes its own:
 *
 * <pre>{@code
 * Authenticator containerLogin = request -> {
 *   Principal user = request.getUserPrincipal();        // set by Spring Security or a filter
 *   return user == null
 *       ? Authentication.anonymous()
 *       : Authentication.authenticated(Identity.builder(user.getName()).credential("container").build());
 * };
 * }</pre>
 *
 * <p>The servlet calls the authenticator only when the request needs a login; a request that
 * does not (any read on an index whose uploads need a login, anything on an open index) is served
 * anonymously whatever credentials it carries.
 */
@FunctionalInterface
public interface Authenticator {
  /** Returns who sent {@code request}. Must not read the request body. */
  Authentication authenticate(HttpServletRequest request);
}
