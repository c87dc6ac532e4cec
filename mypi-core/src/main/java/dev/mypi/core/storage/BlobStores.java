package dev.mypi.core.storage;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds {@link BlobStoreProvider}s with {@link ServiceLoader} and creates stores by type.
 *
 * <pre>{@code
 * BlobStore store = BlobStores.create("fs", Map.of("root", "/srv/packages"));
 * }</pre>
 *
 * <p>Nothing is cached: each call asks the {@code ServiceLoader} again.
 */
public final class BlobStores {
  private BlobStores() {}

  /**
   * Returns the providers visible to the thread's context class loader, by type.
   *
   * @throws IllegalStateException if two providers claim the same type
   */
  public static ImmutableSortedMap<String, BlobStoreProvider> providers() {
    return providers(Thread.currentThread().getContextClassLoader());
  }

  /**
   * Returns the providers visible to {@code classLoader}, by type.
   *
   * @throws IllegalStateException if two providers claim the same type
   */
  public static ImmutableSortedMap<String, BlobStoreProvider> providers(ClassLoader classLoader) {
    Map<String, BlobStoreProvider> byType = new TreeMap<>();
    for (BlobStoreProvider provider : ServiceLoader.load(BlobStoreProvider.class, classLoader)) {
      BlobStoreProvider previous = byType.putIfAbsent(provider.type(), provider);
      if (previous != null && !previous.getClass().equals(provider.getClass())) {
        throw new IllegalStateException(
            "storage type '" + provider.type() + "' is provided by both " + previous.getClass().getName()
                + " and " + provider.getClass().getName());
      }
    }
    return ImmutableSortedMap.copyOf(byType);
  }

  /**
   * Returns the provider of {@code type}.
   *
   * @throws IllegalArgumentException if no provider has that type, e.g. {@code unknown storage
   *     type 's4'; known: [fs, memory]}
   */
  public static BlobStoreProvider provider(String type) {
    ImmutableSortedMap<String, BlobStoreProvider> providers = providers();
    BlobStoreProvider provider = providers.get(type);
    if (provider == null) {
      throw new IllegalArgumentException(
          "unknown storage type '" + type + "'; known: " + providers.keySet());
    }
    return provider;
  }

  /**
   * Creates a store of {@code type} configured by {@code config}.
   *
   * @throws IllegalArgumentException if the type is unknown or the configuration is invalid
   */
  public static BlobStore create(String type, Map<String, String> config) {
    return provider(type).create(config);
  }
}
