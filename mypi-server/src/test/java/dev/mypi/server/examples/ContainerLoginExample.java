package dev.mypi.server.examples;

import dev.mypi.core.ProjectIndex;
import dev.mypi.http.MypiServlet;
import dev.mypi.http.auth.Authentication;
import dev.mypi.http.auth.Authenticator;
import dev.mypi.http.auth.DefaultAuthorizer;
import dev.mypi.http.auth.Identity;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * mypi behind the application's own login. A servlet filter (here: API keys; in your application
 * Spring Security, a session, the container's login) sets the request's user; mypi's
 * authenticator reads {@code request.getUserPrincipal()} and mypi's rules do the rest.
 */
public final class ContainerLoginExample {
  private ContainerLoginExample() {}

  /** Takes the user the application logged in; {@code mypi-admin} users may also yank and delete. */
  public static Authenticator containerLogin() {
    return request -> {
      Principal user = request.getUserPrincipal();
      if (user == null) {
        return Authentication.anonymous(); // mypi answers 401 where a login is needed
      }
      Set<String> roles = request.isUserInRole("mypi-admin") ? Set.of(DefaultAuthorizer.ADMIN_ROLE) : Set.of();
      return Authentication.authenticated(Identity.builder(user.getName()).roles(roles).credential("container").build());
    };
  }

  /** The application's login, as a filter: {@code Authorization: Bearer <key>} names a user. */
  public static final class ApiKeyFilter implements Filter {
    private final Map<String, String> usersBySha256OfKey;

    /** Takes the users by the SHA-256 (hex) of their API key. */
    public ApiKeyFilter(Map<String, String> usersBySha256OfKey) {
      this.usersBySha256OfKey = Map.copyOf(usersBySha256OfKey);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      String header = http.getHeader("Authorization");
      String user = header != null && header.startsWith("Bearer ") ? usersBySha256OfKey.get(sha256(header.substring(7))) : null;
      if (user == null) {
        chain.doFilter(request, response);
        return;
      }
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return () -> user;
            }

            @Override
            public String getRemoteUser() {
              return user;
            }

            @Override
            public boolean isUserInRole(String role) {
              return false;
            }
          },
          response);
    }

    /** Returns the SHA-256 of {@code key} in hex. */
    public static String sha256(String key) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Returns a Jetty server, not started yet, with the login filter and mypi at {@code /pypi/}. */
  public static Server newServer(ProjectIndex index, InetSocketAddress address, Map<String, String> usersBySha256OfKey) {
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new ApiKeyFilter(usersBySha256OfKey)), "/*", EnumSet.of(DispatcherType.REQUEST));
    MypiServlet mypi = MypiServlet.builder(index).authenticator(containerLogin()).build(); // uploads need a login
    context.addServlet(new ServletHolder("mypi", mypi), "/pypi/*");
    Server server = new Server(address);
    server.setHandler(context);
    return server;
  }
}
