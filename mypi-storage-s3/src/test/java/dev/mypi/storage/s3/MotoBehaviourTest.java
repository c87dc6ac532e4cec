package dev.mypi.storage.s3;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3StoreBehaviour}, the races included, against moto ({@code python3 -m moto.server});
 * skipped with a message where moto is not installed. The races of multi-MiB bodies are skipped
 * with the reason ({@link MotoDeviations}): moto's conditional writes of them are not atomic.
 */
@ExtendWith(MotoDeviations.class)
class MotoBehaviourTest extends S3StoreBehaviour {
  @TempDir static Path work;
  static Optional<S3TestServer> server = Optional.empty();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.startMoto(work);
    if (server.isEmpty()) {
      System.out.println("MotoBehaviourTest: skipped, 'python3 -m moto.server' is not available here");
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
  S3TestServer server() {
    return server.orElseThrow();
  }
}
