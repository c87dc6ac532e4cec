package dev.mypi.core.storage;

import java.util.Map;

/**
 * Creates {@link BlobStore}s of one type from string configuration; found by {@link
 * java.util.ServiceLoader}.
 *
 * <p>To add a backend, implement this interface in a public class with a public no-argument
 * constructor and name that class in a resource file {@code
 * META-INF/services/dev.mypi.core.storage.BlobStoreProvider} in your jar. {@link
 * BlobStores#create(String, Map)} then finds it by {@link #type()}. Library users do not need this:
 * they call a store's factory ({@code FileSystemBlobStore.create(path)}) directly.
 *
 * <p>Implementations are thread-safe and cheap to construct.
 */
public interface BlobStoreProvider {
  /** Returns the type this provider creates, e.g. {@code fs}, {@code memory} or {@code s3}: lower case, unique. */
  String type();

  /**
   * Returns a new store configured by {@code config}, whose keys the provider documents (e.g.
   * {@code root} for {@code fs}).
   *
   * @throws IllegalArgumentException if a required key is missing or a value is invalid; the
   *     message names the key
   */
  BlobStore create(Map<String, String> config);
}
