package dev.mypi.server;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Everything the standalone server is configured with, whatever it came from (command line or
 * environment).
 *
 * @param host the address to bind
 * @param port the port, 0 for a free one
 * @param storage the storage type ({@code fs}, {@code s3}, {@code memory}, or a third-party provider's type)
 * @param storageConfig settings for the storage provider, e.g. {@code root} for {@code fs}
 * @param maxUploadSize the largest distribution file accepted, in bytes
 * @param overwrite whether uploads may replace existing files
 * @param verifyAllDigests whether every digest an upload sends is verified, not only the strongest
 * @param baseUrl the public URL of the server behind a reverse proxy, or null for relative links
 * @param idleTimeout how long a connection may stall
 * @param requestLog whether to print one line per request
 * @param spoolDirectory where uploads are spooled while validated, or null for the temp dir
 * @param refreshInterval how often the index reads other nodes' changes, or null for never
 * @param metrics whether to record metrics and serve them at {@code /metrics}
 * @param importUnindexedFiles whether distribution files found in the storage outside the index are indexed
 * @param importInBackground whether that search runs after the server started answering, not before
 * @param pageCacheSize the bytes of rendered pages the index keeps, 0 for none, or null for the
 *     index's default (an eighth of the heap, 4 to 64 MiB)
 */
public record ServerConfig(
    String host,
    int port,
    String storage,
    ImmutableMap<String, String> storageConfig,
    long maxUploadSize,
    boolean overwrite,
    boolean verifyAllDigests,
    @Nullable String baseUrl,
    Duration idleTimeout,
    boolean requestLog,
    @Nullable Path spoolDirectory,
    @Nullable Duration refreshInterval,
    boolean metrics,
    boolean importUnindexedFiles,
    boolean importInBackground,
    @Nullable Long pageCacheSize) {}
