package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.BlobStores;
import dev.mypi.server.ServerConfig;
import javax.inject.Singleton;

/** Finds the storage backend named in the configuration among the ServiceLoader providers. */
@Module
public abstract class StorageModule {
  private StorageModule() {}

  @Provides
  @Singleton
  static BlobStore blobStore(ServerConfig config) {
    return BlobStores.create(config.storage(), config.storageConfig());
  }
}
