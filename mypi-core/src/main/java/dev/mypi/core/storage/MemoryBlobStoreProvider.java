package dev.mypi.core.storage;

import java.util.Map;

/**
 * The {@link BlobStoreProvider} of type {@code memory}: creates an empty {@link InMemoryBlobStore}.
 * Takes no configuration keys (unknown keys are rejected).
 */
public final class MemoryBlobStoreProvider implements BlobStoreProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public MemoryBlobStoreProvider() {}

  /** Returns {@code memory}. */
  @Override
  public String type() {
    return "memory";
  }

  /**
   * Returns a new, empty in-memory store.
   *
   * @throws IllegalArgumentException if {@code config} has any key
   */
  @Override
  public BlobStore create(Map<String, String> config) {
    if (!config.isEmpty()) {
      throw new IllegalArgumentException(
          "storage type 'memory' takes no configuration; got keys " + config.keySet());
    }
    return InMemoryBlobStore.create();
  }
}
