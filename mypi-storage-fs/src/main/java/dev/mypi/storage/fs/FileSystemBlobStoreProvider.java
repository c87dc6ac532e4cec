package dev.mypi.storage.fs;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStoreProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link BlobStoreProvider} of type {@code fs}: a {@link FileSystemBlobStore} at the folder
 * named by the one configuration key, {@code root} (created on the first put if missing).
 *
 * <pre>{@code
 * BlobStore store = BlobStores.create("fs", Map.of("root", "/srv/packages"));
 * }</pre>
 *
 * Registered in {@code META-INF/services/dev.mypi.core.storage.BlobStoreProvider}.
 */
public final class FileSystemBlobStoreProvider implements BlobStoreProvider {
  private static final Set<String> KEYS = Set.of("root");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public FileSystemBlobStoreProvider() {}

  /** Returns {@code fs}. */
  @Override
  public String type() {
    return "fs";
  }

  /**
   * Returns a store rooted at {@code config.get("root")}.
   *
   * @throws IllegalArgumentException if {@code root} is missing or not a path, or another key is given
   */
  @Override
  public BlobStore create(Map<String, String> config) {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "storage type 'fs' does not know the config keys " + unknown + "; known: " + new TreeSet<>(KEYS));
    }
    String root = config.get("root");
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("storage type 'fs' needs the config key 'root' (a folder)");
    }
    try {
      return FileSystemBlobStore.create(Path.of(root));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("storage type 'fs': config key 'root' is not a path: '" + root + "'", e);
    }
  }
}
