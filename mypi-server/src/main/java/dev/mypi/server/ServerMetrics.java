package dev.mypi.server;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.IndexListener;
import dev.mypi.http.MicrometerIndexListener;
import dev.mypi.http.MypiServlet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The standalone server's metrics: a Prometheus registry with mypi's meters (requests per route,
 * bytes, uploads, page cache, storage latency) and the JVM's (memory, GC, threads, class loading,
 * CPU, uptime, file descriptors), served at {@code GET /metrics}; or nothing at all when
 * disabled ({@code --no-metrics}).
 *
 * <pre>{@code
 * ServerMetrics metrics = ServerMetrics.prometheus();
 * ProjectIndex index = ProjectIndex.builder(store).listener(metrics.indexListener()).build();
 * MypiServlet servlet = metrics.applyTo(MypiServlet.builder(index)).build();
 * MypiServer server = metrics.applyTo(MypiServer.builder(servlet)).build();
 * }</pre>
 */
public final class ServerMetrics implements AutoCloseable {
  /** The path the metrics are served at, beside the index. */
  public static final String PATH = "/metrics";

  private final @Nullable PrometheusMeterRegistry registry;
  private final IndexListener indexListener;
  private final ImmutableList<AutoCloseable> binders;

  private ServerMetrics(@Nullable PrometheusMeterRegistry registry, IndexListener indexListener, ImmutableList<AutoCloseable> binders) {
    this.registry = registry;
    this.indexListener = indexListener;
    this.binders = binders;
  }

  /** Returns metrics that record nothing: no registry, no listener, no {@code /metrics}. */
  public static ServerMetrics disabled() {
    return new ServerMetrics(null, IndexListener.none(), ImmutableList.of());
  }

  /** Returns a Prometheus registry with the JVM's meters bound; mypi's come with {@code applyTo}. */
  public static ServerMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new ServerMetrics(registry, MicrometerIndexListener.create(registry), ImmutableList.of(gc));
  }

  /** Returns whether metrics are recorded and served. */
  public boolean enabled() {
    return registry != null;
  }

  /** Returns the registry, or empty when disabled. */
  public Optional<MeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** Returns the listener to give the index ({@link IndexListener#none()} when disabled). */
  public IndexListener indexListener() {
    return indexListener;
  }

  /** Makes the servlet record its request meters here (nothing when disabled); returns {@code builder}. */
  public MypiServlet.Builder applyTo(MypiServlet.Builder builder) {
    return registry == null ? builder : builder.meterRegistry(registry);
  }

  /** Mounts {@code GET /metrics} on the server (nothing when disabled); returns {@code builder}. */
  public MypiServer.Builder applyTo(MypiServer.Builder builder) {
    return registry == null ? builder : builder.servlet(PATH, new MetricsServlet(registry));
  }

  /** Unhooks the JVM binders (GC notifications) and closes the registry. */
  @Override
  public void close() throws Exception {
    for (AutoCloseable binder : binders) {
      binder.close();
    }
    if (registry != null) {
      registry.close();
    }
  }
}
