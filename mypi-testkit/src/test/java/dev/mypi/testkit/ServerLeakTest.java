package dev.mypi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Starting and closing many servers in one JVM leaks no threads, no file descriptors and no
 * ports: what a test suite that starts one server per test needs.
 */
class ServerLeakTest {
  private static final int SERVERS = 200;

  private static long testkitThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("mypi-testkit")).count();
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Waits (up to 10 s, a hang guard) for threads that are shutting down to end. */
  private static long settledTestkitThreads() throws InterruptedException {
    for (int i = 0; i < 200 && testkitThreads() > 0; i++) {
      Thread.sleep(50);
    }
    return testkitThreads();
  }

  private static void serveOneRequest(MockIndexServer server) throws IOException {
    Http.Response r = Http.get(server.simpleUrl(), "Accept: text/html");
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void startingAndClosing200ServersLeaksNoThreadsFileDescriptorsOrPorts() throws Exception {
    assumeThat(Path.of("/proc/self/fd")).as("/proc (Linux)").isDirectory();
    // warm up: load classes, JIT, and the JVM's own lazily opened files
    try (MockIndexServer warm = MockIndexServer.create().start()) {
      serveOneRequest(warm);
    }
    settledTestkitThreads();
    System.gc();
    int threadsBefore = Thread.activeCount();
    long fdsBefore = openFileDescriptors();

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      MockIndexServer server = MockIndexServer.create().start();
      serveOneRequest(server);
      server.publish(WheelBuilder.of("p" + i, "1.0").build());
      ports.add(server.url().getPort());
      server.close();
    }

    assertThat(settledTestkitThreads()).as("mypi-testkit threads still alive").isZero();
    assertThat(Thread.activeCount()).as("all threads").isLessThanOrEqualTo(threadsBefore + 2);
    assertThat(openFileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(fdsBefore + 5);
    for (int port : ports) {
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
