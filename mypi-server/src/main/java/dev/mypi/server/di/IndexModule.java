package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.core.IndexBuilder;
import dev.mypi.core.OverwritePolicy;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.upload.UploadLimits;
import dev.mypi.server.ServerConfig;
import dev.mypi.storage.fs.FileSystemBlobStore;
import dev.mypi.server.ServerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.inject.Singleton;

/** Opens the index with the configured policies, through the same builder library users call. */
@Module
public abstract class IndexModule {
  /** How long after the index opened the background search for unindexed files starts. */
  private static final Duration IMPORT_DELAY = Duration.ofSeconds(10);

  private IndexModule() {}

  @Provides
  @Singleton
  static ProjectIndex projectIndex(BlobStore store, ServerConfig config, ServerMetrics metrics) {
    IndexBuilder builder =
        ProjectIndex.builder(store)
            .overwritePolicy(config.overwrite() ? OverwritePolicy.ALLOW : OverwritePolicy.DENY)
            .verifyAllDigests(config.verifyAllDigests())
            .uploadLimits(UploadLimits.defaults().toBuilder().maxFileSize(config.maxUploadSize()).build())
            .listener(metrics.indexListener())
            .importUnindexedFiles(config.importUnindexedFiles());
    if (config.baseUrl() != null) {
      String base = config.baseUrl();
      builder.fileUrlBase(base.endsWith("/") ? base : base + "/");
    }
    if (config.spoolDirectory() != null) {
      builder.spoolDirectory(config.spoolDirectory());
    } else if (store instanceof FileSystemBlobStore fs) {
      // on the store's file system, so that a stored upload is linked into place, not copied
      builder.spoolDirectory(fs.spoolDirectory());
    }
    if (config.importInBackground()) {
      // after the server has started and answered its first requests
      builder.importInBackground(IMPORT_DELAY);
    }
    if (config.pageCacheSize() != null) {
      builder.pageCacheSize(config.pageCacheSize());
    }
    if (config.refreshInterval() != null) {
      builder.refreshInterval(config.refreshInterval());
    }
    try {
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the index: " + e.getMessage(), e);
    }
  }
}
