package dev.mypi.http.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An HttpServletRequest that has only headers, a client address and a user principal. */
final class FakeRequest {
  private FakeRequest() {}

  static HttpServletRequest withHeaders(String remoteAddr, Map<String, String> headers, @Nullable Principal principal) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            FakeRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getRemoteAddr" -> remoteAddr;
                  case "getUserPrincipal" -> principal;
                  case "isUserInRole" -> false;
                  case "toString" -> "FakeRequest";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  static HttpServletRequest basic(String user, String password) {
    return basic(user, password, "192.0.2.1");
  }

  static HttpServletRequest basic(String user, String password, String remoteAddr) {
    String value = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return withHeaders(remoteAddr, Map.of("Authorization", "Basic " + value), null);
  }

  static HttpServletRequest header(String authorization) {
    return withHeaders("192.0.2.1", Map.of("Authorization", authorization), null);
  }

  static HttpServletRequest none() {
    return withHeaders("192.0.2.1", Map.of(), null);
  }
}
