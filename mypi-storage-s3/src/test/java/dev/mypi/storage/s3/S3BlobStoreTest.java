package dev.mypi.storage.s3;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.testkit.contract.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BlobStore} contract, against S3Proxy started as a separate process; one bucket per
 * test. One test checks an order S3Proxy does not keep ({@link S3ProxyDeviations}); it runs against
 * moto in {@link S3BlobStoreOnMotoTest}.
 */
@ExtendWith(S3ProxyDeviations.class)
class S3BlobStoreTest extends BlobStoreContract {
  @TempDir static Path work;
  static S3TestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.startS3Proxy(work);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected BlobStore newStore() {
    return server.newStore();
  }
}
