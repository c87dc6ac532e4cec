package dev.mypi.storage.s3;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mypi.core.storage.BlobStore;
import dev.mypi.testkit.contract.BlobStoreContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BlobStore} contract against moto ({@code python3 -m moto.server}), a second
 * S3-compatible server with another implementation of conditional writes and listing order.
 * Skipped, with a message, where moto is not installed. The 1,001-key listing is left to {@link
 * MotoBehaviourTest} ({@link MotoDeviations}).
 */
@ExtendWith(MotoDeviations.class)
class S3BlobStoreOnMotoTest extends BlobStoreContract {
  @TempDir static Path work;
  static Optional<S3TestServer> server = Optional.empty();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.startMoto(work);
    if (server.isEmpty()) {
      System.out.println("S3BlobStoreOnMotoTest: skipped, 'python3 -m moto.server' is not available here");
    }
    assumeThat(server).as("python3 -m moto.server available (pip install 'moto[server]')").isPresent();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server.isPresent()) {
      server.get().close();
    }
  }

  @Override
  protected long largeBlobSize() {
    return 24L << 20; // moto keeps every part in Python memory; 3 parts show the same
  }

  @Override
  protected BlobStore newStore() {
    return server.orElseThrow().newStore();
  }
}
