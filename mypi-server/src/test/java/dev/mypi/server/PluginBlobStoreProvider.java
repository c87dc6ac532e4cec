package dev.mypi.server;

import com.google.common.collect.ImmutableMap;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStoreProvider;
import dev.mypi.core.storage.InMemoryBlobStore;
import java.util.Map;

/**
 * A third-party storage backend as a plug-in jar would bring it: registered in the test class
 * path's {@code META-INF/services/dev.mypi.core.storage.BlobStoreProvider}, found by type.
 */
public final class PluginBlobStoreProvider implements BlobStoreProvider {
  /** The configuration the last store was created with. */
  static volatile Map<String, String> lastConfig = Map.of();

  /** Creates the provider; ServiceLoader calls this. */
  public PluginBlobStoreProvider() {}

  @Override
  public String type() {
    return "plugin-test";
  }

  @Override
  public BlobStore create(Map<String, String> config) {
    lastConfig = ImmutableMap.copyOf(config);
    return InMemoryBlobStore.create();
  }
}
