package dev.mypi.storage.s3;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStoreProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@link BlobStoreProvider} of type {@code s3}: an {@link S3BlobStore} configured by
 *
 * <table>
 *   <caption>configuration keys</caption>
 *   <tr><td>{@code bucket}</td><td>required: the bucket (it must exist)</td></tr>
 *   <tr><td>{@code prefix}</td><td>optional: keep every key below this prefix, e.g. {@code pypi/}</td></tr>
 *   <tr><td>{@code region}</td><td>optional: e.g. {@code eu-west-1}; default the SDK's region chain ({@code us-east-1} with an endpoint)</td></tr>
 *   <tr><td>{@code endpoint}</td><td>optional: an S3-compatible server, e.g. {@code http://minio:9000}</td></tr>
 *   <tr><td>{@code path-style}</td><td>optional: {@code true} to address buckets in the path (most S3-compatible servers)</td></tr>
 *   <tr><td>{@code part-size}</td><td>optional: multipart part size, e.g. {@code 8MiB} (default), at least {@code 5MiB}</td></tr>
 *   <tr><td>{@code max-connections}</td><td>optional: HTTP connection pool size, default 256</td></tr>
 * </table>
 *
 * Credentials come from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, web identity, container or instance roles).
 *
 * <pre>{@code
 * BlobStore store = BlobStores.create("s3", Map.of("bucket", "pypi", "endpoint", "http://minio:9000", "path-style", "true"));
 * }</pre>
 *
 * Registered in {@code META-INF/services/dev.mypi.core.storage.BlobStoreProvider}.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  /** The configuration keys this provider knows. */
  public static final Set<String> KEYS = Set.of("bucket", "prefix", "region", "endpoint", "path-style", "part-size", "max-connections");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public S3BlobStoreProvider() {}

  /** Returns {@code s3}. */
  @Override
  public String type() {
    return "s3";
  }

  /**
   * Returns a store configured by {@code config} (see the class documentation); sends no request.
   *
   * @throws IllegalArgumentException if {@code bucket} is missing, a value is invalid, or a key is unknown
   */
  @Override
  public BlobStore create(Map<String, String> config) {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "storage type 's3' does not know the config keys " + unknown + "; known: " + new TreeSet<>(KEYS));
    }
    String bucket = config.get("bucket");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("storage type 's3' needs the config key 'bucket'");
    }
    S3BlobStore.Builder b = S3BlobStore.builder().bucket(bucket.trim());
    String prefix = value(config, "prefix");
    if (prefix != null) {
      b.prefix(prefix);
    }
    String region = value(config, "region");
    if (region != null) {
      b.region(region);
    }
    String endpoint = value(config, "endpoint");
    if (endpoint != null) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("storage type 's3': config key 'endpoint' is not a URL: '" + endpoint + "'", e);
      }
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("storage type 's3': config key 'endpoint' is not an http(s) URL: '" + endpoint + "'");
      }
      b.endpoint(uri);
    }
    String pathStyle = value(config, "path-style");
    if (pathStyle != null) {
      b.pathStyle(bool("path-style", pathStyle));
    }
    String partSize = value(config, "part-size");
    if (partSize != null) {
      b.partSize(size("part-size", partSize));
    }
    String maxConnections = value(config, "max-connections");
    if (maxConnections != null) {
      try {
        b.maxConnections(Integer.parseInt(maxConnections));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("storage type 's3': config key 'max-connections' is not a number: '" + maxConnections + "'", e);
      }
    }
    return b.build();
  }

  private static @Nullable String value(Map<String, String> config, String key) {
    String v = config.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean bool(String key, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> {
        return true;
      }
      case "false", "no", "0" -> {
        return false;
      }
      default -> throw new IllegalArgumentException("storage type 's3': config key '" + key + "' is not true or false: '" + value + "'");
    }
  }

  /** Parses {@code 8388608}, {@code 8MiB}, {@code 8M} or {@code 1GiB}. */
  static long size(String key, String value) {
    String v = value.toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    for (String[] u : new String[][] {{"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"k", "10"}, {"m", "20"}, {"g", "30"}, {"b", "0"}}) {
      if (v.endsWith(u[0])) {
        unit = 1L << Integer.parseInt(u[1]);
        v = v.substring(0, v.length() - u[0].length());
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(v), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("storage type 's3': config key '" + key + "' is not a size such as 8MiB: '" + value + "'", e);
    }
  }
}
