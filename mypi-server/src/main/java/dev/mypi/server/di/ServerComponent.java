package dev.mypi.server.di;

import dagger.BindsInstance;
import dagger.Component;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.auth.TokenStore;
import dev.mypi.server.SecurityConfig;
import dev.mypi.server.MypiServer;
import dev.mypi.server.ServerConfig;
import dev.mypi.server.ServerMetrics;
import javax.inject.Singleton;

/** The standalone server's object graph: configuration in, a ready (not started) server out. */
@Singleton
@Component(modules = {StorageModule.class, IndexModule.class, AuthModule.class, HttpModule.class, MetricsModule.class})
public interface ServerComponent {
  /** Returns the server. */
  MypiServer server();

  /** Returns the index the server serves; the caller closes it after the server. */
  ProjectIndex index();

  /** Returns the storage the index lives in; the caller closes it last. */
  BlobStore blobStore();

  /** Returns the metrics (a Prometheus registry, or disabled); the caller closes them after the server. */
  ServerMetrics metrics();

  /** Returns the API tokens, kept in the store. */
  TokenStore tokens();

  /** Creates the component from a configuration. */
  @Component.Factory
  interface Factory {
    /** Creates the component. */
    ServerComponent create(@BindsInstance ServerConfig config, @BindsInstance SecurityConfig auth);
  }
}
