package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.core.ProjectIndex;
import dev.mypi.http.MypiServlet;
import dev.mypi.server.SecurityConfig;
import dev.mypi.server.MypiServer;
import dev.mypi.server.ServerConfig;
import dev.mypi.server.ServerMetrics;
import dev.mypi.server.ServletSecurity;

/** Builds the servlet and the Jetty server around it. */
@Module
public abstract class HttpModule {
  private HttpModule() {}

  @Provides
  static MypiServlet servlet(ProjectIndex index, ServletSecurity security, ServerMetrics metrics) {
    return metrics.applyTo(security.applyTo(MypiServlet.builder(index))).build();
  }

  @Provides
  static MypiServer server(MypiServlet servlet, ServerConfig config, SecurityConfig auth, ServerMetrics metrics) {
    MypiServer.Builder builder = metrics.applyTo(MypiServer.builder(servlet));
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
