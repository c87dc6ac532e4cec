package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.core.ProjectIndex;
import dev.mypi.http.MypiServlet;
import dev.mypi.server.SecurityConfig;
import dev.mypi.server.MypiServer;
import dev.mypi.server.ServerConfig;
import dev.mypi.server.ServletSecurity;

/** Builds the servlet and the Jetty server around it. */
@Module
public abstract class HttpModule {
  private HttpModule() {}

  @Provides
  static MypiServlet servlet(ProjectIndex index, ServletSecurity security) {
    return security.applyTo(MypiServlet.builder(index)).build();
  }

  @Provides
  static MypiServer server(MypiServlet servlet, ServerConfig config, SecurityConfig auth) {
    MypiServer.Builder builder = MypiServer.builder(servlet);
    if (auth.tlsKeyStore() != null) {
      builder.tls(auth.tlsKeyStore(), auth.tlsKeyStorePassword());
    }
    return builder
        .host(config.host())
        .port(config.port())
        .idleTimeout(config.idleTimeout())
        .requestLog(config.requestLog())
        .build();
  }
}
