package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, point 8: a 1 GiB upload and its download succeed against the real standalone server
 * ({@code java -jar mypi-server.jar}) started with {@code -Xmx128m}: uploads and downloads stream,
 * nothing holds the file in memory. The server exits on an OutOfMemoryError, which fails the test.
 * Issue 7: the test prints the upload's throughput and the server's peak RSS (VmHWM) for the
 * record; it asserts no time.
 */
@Timeout(900)
class LargeFileStreamingIT {
  private static final long SIZE = 1L << 30;
  private static final Pattern LISTENING = Pattern.compile("mypi serving (http://\\S+)/simple/");
  @TempDir Path tmp;
  private Process server;
  private final List<String> serverOutput = new ArrayList<>();

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private URI startServer() throws Exception {
    String jar = System.getProperty("mypi.serverJar", "target/mypi-server.jar");
    assertThat(Path.of(jar)).as("the shaded server jar (mvn package)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        new ProcessBuilder(
                java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar,
                "--port", "0", "--root", tmp.resolve("packages").toString(),
                "--spool-dir", tmp.resolve("spool").toString(), "--max-upload-size", "2GiB", "--no-request-log")
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> url = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (serverOutput) {
                    serverOutput.add(line);
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    url.add(m.group(1) + "/");
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    String base = url.poll(60, TimeUnit.SECONDS);
    assertThat(base).as("server start; output: %s", serverOutput).isNotNull();
    return URI.create(base);
  }

  /** Returns the process's peak resident set size as Linux reports it, or "unknown". */
  private static String peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return line.substring("VmHWM:".length()).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "unknown";
  }

  /** Writes a valid 1 GiB wheel (one large uncompressed module) and returns its SHA-256. */
  private static String writeLargeWheel(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry("big/__init__.py"));
      zip.write("".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/METADATA"));
      zip.write("Metadata-Version: 2.1\nName: big\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("big/data.bin"));
      byte[] block = new byte[1 << 20];
      long x = 0x9E3779B97F4A7C15L;
      for (long written = 0; written < SIZE; written += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          for (int j = 0; j < 8; j++) {
            block[i + j] = (byte) (x >>> (j * 8));
          }
        }
        zip.write(block);
      }
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/RECORD"));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void aOneGibibyteWheelUploadsAndDownloadsThroughAServerWith128MegabytesOfHeap() throws Exception {
    Path wheel = tmp.resolve("big-1.0-py3-none-any.whl");
    String sha256 = writeLargeWheel(wheel);
    long size = Files.size(wheel);
    URI base = startServer();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // upload: a twine-shaped multipart body streamed from the file, with a Content-Length
    String boundary = "big-upload-boundary";
    StringBuilder head = new StringBuilder();
    String[][] fields = {{"name", "big"}, {"version", "1.0"}, {"filetype", "bdist_wheel"}, {"pyversion", "py3"},
        {"metadata_version", "2.1"}, {"sha256_digest", sha256}, {":action", "file_upload"}, {"protocol_version", "1"}};
    for (String[] f : fields) {
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f[0]).append("\"\r\n\r\n").append(f[1]).append("\r\n");
    }
    head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"content\"; filename=\"big-1.0-py3-none-any.whl\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    long length = headBytes.length + size + tail.length;
    HttpRequest upload =
        HttpRequest.newBuilder(base.resolve("legacy/"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> {
                          try {
                            return new SequenceInputStream(
                                new SequenceInputStream(new ByteArrayInputStream(headBytes), Files.newInputStream(wheel)),
                                new ByteArrayInputStream(tail));
                          } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        }),
                    length))
            .timeout(Duration.ofMinutes(10))
            .build();
    long started = System.nanoTime();
    HttpResponse<String> uploaded = http.send(upload, HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(uploaded.statusCode()).as("%s / server output %s", uploaded.body(), serverOutput).isEqualTo(200);
    // Issue 7: memory stays flat. Logged, not asserted (the heap limit is what is enforced).
    System.out.printf(
        "LargeFileStreamingIT: uploaded %d MiB in %.1f s (%.0f MiB/s); server peak RSS (VmHWM) %s%n",
        size >> 20, seconds, (size >> 20) / seconds, peakRss(server.pid()));

    // download: streamed through a digest, never kept
    HttpResponse<InputStream> download =
        http.send(HttpRequest.newBuilder(base.resolve("files/big/big-1.0-py3-none-any.whl")).timeout(Duration.ofMinutes(10)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(size);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long received = 0;
    try (InputStream in = new DigestInputStream(download.body(), sha)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        received += n;
      }
    }
    assertThat(received).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(sha256);
    assertThat(server.isAlive()).as("server survived (no OutOfMemoryError); output %s", serverOutput).isTrue();
  }
}
