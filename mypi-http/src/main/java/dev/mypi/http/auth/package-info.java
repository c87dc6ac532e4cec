/**
 * Who may do what on a mypi index: the authentication and authorisation SPI of {@link
 * dev.mypi.http.MypiServlet} and the implementations the standalone server uses.
 *
 * <p>The servlet asks an {@link dev.mypi.http.auth.Authenticator} who sent a request (an {@link
 * dev.mypi.http.auth.Identity}, nobody, wrong credentials, or too many failures) and an {@link
 * dev.mypi.http.auth.Authorizer} whether that identity may do an {@link
 * dev.mypi.http.auth.Action} on a project. The {@link dev.mypi.http.auth.AccessMode} says which
 * actions need a login at all. It answers 401 with {@code WWW-Authenticate: Basic realm="mypi"}
 * when credentials are missing or wrong (pip and twine only retry or prompt after that), 403 when
 * the user is known but not allowed, 429 with {@code Retry-After} after repeated failures.
 *
 * <pre>{@code
 * TokenStore tokens = TokenStore.create(store);
 * Authenticator basic = BasicAuthenticator.builder()
 *     .htpasswd(HtpasswdFile.open(Path.of("/etc/mypi/htpasswd")))
 *     .tokens(tokens)
 *     .build();
 * MypiServlet servlet = MypiServlet.builder(index)
 *     .authenticator(basic)
 *     .authorizer(DefaultAuthorizer.builder().admins(Set.of("alice")).build())
 *     .accessMode(AccessMode.UPLOAD_NEEDS_LOGIN)
 *     .build();
 * }</pre>
 *
 * <p>An application that logs its users in itself (Spring Security, a servlet filter, the
 * container's own login) plugs in an authenticator that reads {@code request.getUserPrincipal()}.
 */
@NullMarked
package dev.mypi.http.auth;

import org.jspecify.annotations.NullMarked;
