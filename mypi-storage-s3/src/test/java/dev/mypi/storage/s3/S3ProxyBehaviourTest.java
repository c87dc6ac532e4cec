package dev.mypi.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.ByteStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  @Test
  void putsAndReadsABlobFiveTimesLargerThanTheHeapOfTheJvmDoingIt() throws Exception {
    long size = 160L << 20;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                BoundedMemoryPutMain.class.getName(), server.endpoint().toString(), bucket, String.valueOf(size))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    HashingInputStream expected = new HashingInputStream(Hashing.sha256(), generated(size));
    ByteStreams.exhaust(expected);
    String sha256 = expected.hash().toString();
    assertThat(output).contains("put " + size + " " + sha256).contains("got " + size + " " + sha256);
  }
}
