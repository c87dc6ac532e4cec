package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.server.ServerConfig;
import dev.mypi.server.ServerMetrics;
import javax.inject.Singleton;

/** Metrics on (a Prometheus registry served at {@code /metrics}) or off ({@code --no-metrics}). */
@Module
public abstract class MetricsModule {
  private MetricsModule() {}

  @Provides
  @Singleton
  static ServerMetrics metrics(ServerConfig config) {
    return config.metrics() ? ServerMetrics.prometheus() : ServerMetrics.disabled();
  }
}
