package dev.mypi.storage.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for the tests, started as a separate process on a free loopback port:
 * S3Proxy ({@code java -jar s3proxy.jar}, in-memory backend; the jar is copied by the Maven
 * dependency plugin) or moto ({@code python3 -m moto.server}, when installed). Stopped by close.
 */
final class S3TestServer implements AutoCloseable {
  private static final AtomicInteger buckets = new AtomicInteger();

  private final String name;
  private final Process process;
  private final URI endpoint;
  private final S3Client admin;

  private S3TestServer(String name, Process process, URI endpoint) {
    this.name = name;
    this.process = process;
    this.endpoint = endpoint;
    this.admin = client();
  }

  /** Starts S3Proxy with its in-memory ("transient") backend and no authentication. */
  static S3TestServer startS3Proxy(Path workDir) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("mypi.s3proxyJar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar + " (mvn process-test-resources copies it)");
    }
    int port = freePort();
    Files.createDirectories(workDir);
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=none",
            "jclouds.provider=transient",
            "jclouds.identity=test",
            "jclouds.credential=test",
            ""),
        StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--properties", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile())
            .start();
    return awaitStarted("S3Proxy", process, port, workDir.resolve("s3proxy.log"));
  }

  /** Starts moto's server if {@code python3 -m moto.server} works here, else returns empty. */
  static Optional<S3TestServer> startMoto(Path workDir) throws IOException, InterruptedException {
    Process probe = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
    probe.getInputStream().readAllBytes();
    if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
      return Optional.empty();
    }
    int port = freePort();
    Files.createDirectories(workDir);
    Process process =
        new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("moto.log").toFile())
            .start();
    return Optional.of(awaitStarted("moto", process, port, workDir.resolve("moto.log")));
  }

  private static S3TestServer awaitStarted(String name, Process process, int port, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new S3TestServer(name, process, URI.create("http://127.0.0.1:" + port));
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " did not start listening on port " + port + ":\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String name() {
    return name;
  }

  URI endpoint() {
    return endpoint;
  }

  /** Returns a new client for this server, path-style, with dummy credentials. */
  S3Client client(ExecutionInterceptor... interceptors) {
    return S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors)))
        .build();
  }

  /** Creates a new, empty bucket and returns its name. */
  String createBucket() {
    String bucket = "mypi-test-" + buckets.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** Returns the admin client (for checks behind the store's back). */
  S3Client admin() {
    return admin;
  }

  /** Returns a store on a new bucket, over a client the store owns. */
  S3BlobStore newStore() {
    return newStoreOn(createBucket());
  }

  /** Returns a store on {@code bucket}, over a client of its own (another "node"). */
  S3BlobStore newStoreOn(String bucket) {
    return newStoreOn(bucket, S3BlobStore.DEFAULT_PART_SIZE);
  }

  /** Returns a store on {@code bucket} with {@code partSize}, over a client of its own (another "node"). */
  S3BlobStore newStoreOn(String bucket, long partSize) {
    return S3BlobStore.builder()
        .bucket(bucket)
        .partSize(partSize)
        .endpoint(endpoint)
        .pathStyle(true)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    admin.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public String toString() {
    return name + " at " + endpoint;
  }
}
