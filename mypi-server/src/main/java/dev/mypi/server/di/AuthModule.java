package dev.mypi.server.di;

import dagger.Module;
import dagger.Provides;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.auth.TokenStore;
import dev.mypi.server.SecurityConfig;
import dev.mypi.server.ServletSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.inject.Singleton;

/** Builds who-may-do-what from the configuration: users, tokens, rules and the access mode. */
@Module
public abstract class AuthModule {
  private AuthModule() {}

  @Provides
  @Singleton
  static TokenStore tokenStore(BlobStore store) {
    return TokenStore.create(store);
  }

  @Provides
  @Singleton
  static ServletSecurity security(SecurityConfig config, TokenStore tokens) {
    try {
      return ServletSecurity.create(config, tokens);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the access configuration: " + e.getMessage(), e);
    }
  }

}
