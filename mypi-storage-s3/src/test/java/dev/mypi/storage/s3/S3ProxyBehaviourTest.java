package dev.mypi.storage.s3;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3StoreBehaviour} against S3Proxy, started as a separate process. */
class S3ProxyBehaviourTest extends S3StoreBehaviour {
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
  S3TestServer server() {
    return server;
  }
}
