package dev.mypi.benchmarks;

import dev.mypi.testkit.MockIndexServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of a {@code MockIndexServer} in a test: start it (bind a port, start Jetty and the
 * servlet, open an in-memory index), serve its first response ({@code GET /simple/} over a new
 * connection, read to the end) and close it. One operation is all three.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MockIndexServerBenchmark {

  /** Starts a server, reads {@code /simple/} once, closes the server; returns the response's length. */
  @Benchmark
  public int startServeFirstResponseAndClose() throws IOException {
    try (MockIndexServer server = MockIndexServer.create().start()) {
      return firstResponseLength(server.simpleUrl());
    }
  }

  static int firstResponseLength(URI url) throws IOException {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] response = in.readAllBytes();
      if (response.length < 12 || !new String(response, 0, 12, StandardCharsets.ISO_8859_1).equals("HTTP/1.1 200")) {
        throw new IOException("unexpected response: " + new String(response, StandardCharsets.ISO_8859_1));
      }
      return response.length;
    }
  }
}
