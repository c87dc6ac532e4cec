package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.testkit.PythonTools;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 5, point 5: two stateless mypi nodes ({@code java -jar mypi-server.jar --storage s3}) on one
 * bucket of an S3-compatible server (S3Proxy). 200 twine uploads split between them, ten filenames
 * raced by both, pip installing through either node meanwhile, then ten more races timed to the
 * instant (plain HTTP posts released by a barrier); then a node is killed in the middle of a
 * multipart upload to S3.
 *
 * <p>Node A reaches S3 through a {@link ThrottledProxy}, which lets the kill test slow its uploads
 * down enough to kill it between two parts.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeS3IT {
  /** The nodes' refresh interval, the default for --storage s3. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  /**
   * How long after the last upload every node must show every change: the refresh interval plus
   * time to read the new journal entries, with slack for a 2-core CI machine running six twine
   * processes, pip, two nodes and S3Proxy at once.
   */
  static final Duration VISIBLE_WITHIN = REFRESH.plusSeconds(4);

  static final String BUCKET = "mypi-multi-node";
  static final int PROJECTS = 90; // x 2 versions = 180 files
  static final int RACES = 10; // x 2 uploads = 20

  @TempDir static Path tmp;
  static S3ProxyProcess s3;
  static ThrottledProxy slowLink;
  static ServerNode nodeA;
  static ServerNode nodeB;
  static PythonTools python;
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startTwoNodesOnOneBucket() throws Exception {
    assumeThat(PythonTools.twineAvailable()).as("twine on PATH (apt-get install twine)").isTrue();
    s3 = S3ProxyProcess.start(tmp.resolve("s3proxy"));
    s3.client().createBucket(b -> b.bucket(BUCKET));
    slowLink = new ThrottledProxy(s3.port());
    nodeA = ServerNode.start("A", Files.createDirectories(tmp.resolve("a")), nodeOptions("http://127.0.0.1:" + slowLink.port()));
    nodeB = ServerNode.start("B", Files.createDirectories(tmp.resolve("b")), nodeOptions(s3.endpoint().toString()));
    python = new PythonTools(tmp.resolve("home"));
  }

  static List<String> nodeOptions(String endpoint) {
    return List.of(
        "--storage", "s3", "--s3-bucket", BUCKET, "--s3-endpoint", endpoint, "--s3-path-style", "--s3-part-size", "5MiB",
        "--refresh-interval", REFRESH.toMillis() + "ms");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, slowLink, s3}) {
      if (c != null) {
        c.close();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  static String[] paths(List<Path> files, String... options) {
    List<String> args = new ArrayList<>(List.of(options));
    files.forEach(f -> args.add(f.toString()));
    return args.toArray(new String[0]);
  }

  /** Returns filename → sha256 of the files on the project's JSON page. */
  static Map<String, String> filesOn(ServerNode node, String project) throws Exception {
    HttpResponse<String> page = node.get("simple/" + project + "/", "application/vnd.pypi.simple.v1+json");
    Map<String, String> files = new HashMap<>();
    if (page.statusCode() == 404) {
      return files;
    }
    assertThat(page.statusCode()).as("%s /simple/%s/", node, project).isEqualTo(200);
    for (JsonNode f : json.readTree(page.body()).get("files")) {
      files.put(f.get("filename").asText(), f.get("hashes").get("sha256").asText());
    }
    return files;
  }

  static List<S3Object> objects(String prefix) {
    S3Client c = s3.client();
    return c.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().toList();
  }

  static void pipInstallAndImport(ServerNode node, String project, String module, String version) throws Exception {
    Path site = Files.createTempDirectory(tmp, "site-");
    python.pipInstall(node.simpleUrl(), site, project + "==" + version).assertSuccess();
    String out = python.pythonWithPath(site, "import " + module + "; print(" + module + ".VERSION)").assertSuccess().output().trim();
    assertThat(out).endsWith(version);
  }

  /** Waits until both nodes report {@code serial}; returns how long it took. */
  static Duration awaitSerialOnBoth(long serial) throws Exception {
    long start = System.nanoTime();
    long deadline = start + VISIBLE_WITHIN.toNanos();
    while (nodeA.serial() < serial || nodeB.serial() < serial) {
      assertThat(System.nanoTime())
          .as("both nodes at serial %d within %s (A: %d, B: %d)", serial, VISIBLE_WITHIN, nodeA.serial(), nodeB.serial())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  // ---------------------------------------------------------------- the tests

  @Test
  @Order(1)
  void twoHundredTwineUploadsThroughTwoNodesAreAllVisibleThroughBothNoneLostAndEachRaceHasOneWinner() throws Exception {
    Path dist = Files.createDirectories(tmp.resolve("dist"));
    // given: one project on each node, which pip installs through the other right away (a read
    // that misses catches up before answering 404)
    python.twineUpload(nodeA.uploadUrl(), TestDistributions.of("seed-a", "1.0").writeWheel(dist).toString()).assertSuccess();
    python.twineUpload(nodeB.uploadUrl(), TestDistributions.of("seed-b", "1.0").writeWheel(dist).toString()).assertSuccess();
    pipInstallAndImport(nodeB, "seed-a", "seed_a", "1.0");
    pipInstallAndImport(nodeA, "seed-b", "seed_b", "1.0");

    // 180 distinct wheels: version 1.0 of each project through A, 2.0 through B, in four twine runs
    List<List<Path>> batches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Map<String, String> expected = new HashMap<>(); // filename -> sha256
    for (int p = 0; p < PROJECTS; p++) {
      for (int v = 0; v < 2; v++) {
        Path wheel = TestDistributions.of(String.format("proj-%03d", p), (v + 1) + ".0").writeWheel(dist);
        batches.get(2 * (p % 2) + v).add(wheel);
        expected.put(wheel.getFileName().toString(), TestDistributions.sha256Hex(wheel));
      }
    }
    // ten filenames uploaded with different content through both nodes at once
    Path raceA = Files.createDirectories(tmp.resolve("race-a"));
    Path raceB = Files.createDirectories(tmp.resolve("race-b"));
    List<Path> racersA = new ArrayList<>();
    List<Path> racersB = new ArrayList<>();
    for (int r = 0; r < RACES; r++) {
      String name = String.format("race-%02d", r);
      racersA.add(TestDistributions.of(name, "1.0").summary("uploaded through node A").writeWheel(raceA));
      racersB.add(TestDistributions.of(name, "1.0").summary("uploaded through node B").writeWheel(raceB));
    }

    // when: six twine processes at once, while pip installs through either node
    ExecutorService pool = Executors.newFixedThreadPool(7);
    AtomicBoolean uploading = new AtomicBoolean(true);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PythonTools.Result>> twines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ServerNode node = i < 2 ? nodeA : nodeB;
      List<Path> batch = batches.get(i);
      twines.add(pool.submit(() -> { go.await(); return python.twineUpload(node.uploadUrl(), paths(batch)); }));
    }
    Future<PythonTools.Result> racingA = pool.submit(() -> { go.await(); return python.twineUpload(nodeA.uploadUrl(), paths(racersA, "--skip-existing")); });
    Future<PythonTools.Result> racingB = pool.submit(() -> { go.await(); return python.twineUpload(nodeB.uploadUrl(), paths(racersB, "--skip-existing")); });
    Future<Integer> installs =
        pool.submit(
            () -> {
              int n = 0;
              while (uploading.get() && n < 4) {
                ServerNode node = n % 2 == 0 ? nodeA : nodeB;
                pipInstallAndImport(node, n % 4 < 2 ? "seed-a" : "seed-b", n % 4 < 2 ? "seed_a" : "seed_b", "1.0");
                n++;
              }
              return n;
            });
    go.countDown();
    for (Future<PythonTools.Result> twine : twines) {
      twine.get().assertSuccess();
    }
    String outputA = racingA.get().assertSuccess().output();
    String outputB = racingB.get().assertSuccess().output();
    uploading.set(false);
    assertThat(installs.get()).as("pip installs that ran while twine uploaded").isPositive();
    pool.shutdown();

    // then: exactly one upload of each raced filename won, and the other was refused as existing
    int wonByA = 0;
    for (int r = 0; r < RACES; r++) {
      String filename = racersA.get(r).getFileName().toString();
      boolean skippedByA = outputA.contains("Skipping " + filename);
      boolean skippedByB = outputB.contains("Skipping " + filename);
      assertThat(skippedByA ^ skippedByB).as("exactly one winner for %s:%n%s%n%s", filename, outputA, outputB).isTrue();
      expected.put(filename, TestDistributions.sha256Hex(skippedByA ? racersB.get(r) : racersA.get(r)));
      wonByA += skippedByA ? 0 : 1;
    }
    System.out.println("MultiNodeS3IT: of " + RACES + " raced filenames node A won " + wonByA + ", node B " + (RACES - wonByA));
    // and ten more races timed tightly: the same filename reaches both nodes at the same instant
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService racers = Executors.newFixedThreadPool(2);
    Path tight = Files.createDirectories(tmp.resolve("tight"));
    int tightWonByA = 0;
    for (int r = 0; r < RACES; r++) {
      String name = String.format("tight-%02d", r);
      CyclicBarrier barrier = new CyclicBarrier(2);
      List<Future<Integer>> statuses = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (ServerNode node : List.of(nodeA, nodeB)) {
        Path wheel = TestDistributions.of(name, "1.0").summary("raced through " + node).writeWheel(Files.createDirectories(tight.resolve(node == nodeA ? "a" : "b")));
        byte[] content = Files.readAllBytes(wheel);
        contents.add(content);
        byte[] body = Multipart.twineForm(name, "1.0", "bdist_wheel", "py3", wheel.getFileName().toString(), content).build();
        HttpRequest post =
            HttpRequest.newBuilder(URI.create(node.uploadUrl())).header("Content-Type", Multipart.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        statuses.add(racers.submit(() -> { barrier.await(); return http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode(); }));
      }
      int a = statuses.get(0).get();
      int b = statuses.get(1).get();
      assertThat(List.of(a, b)).as("statuses of the race for %s (A, B)", name).containsExactlyInAnyOrder(200, 409);
      tightWonByA += a == 200 ? 1 : 0;
      expected.put(name.replace('-', '_') + "-1.0-py3-none-any.whl", TestDistributions.toHex(TestDistributions.sha256(contents.get(a == 200 ? 0 : 1))));
    }
    racers.shutdown();
    System.out.println("MultiNodeS3IT: of " + RACES + " tightly raced filenames node A won " + tightWonByA + ", node B " + (RACES - tightWonByA));
    expected.put("seed_a-1.0-py3-none-any.whl", null);
    expected.put("seed_b-1.0-py3-none-any.whl", null);
    long changes = expected.size(); // 2 + 180 + 10 + 10

    // every upload is visible through both nodes within the documented delay
    Duration lag = awaitSerialOnBoth(changes);
    System.out.println("MultiNodeS3IT: both nodes at serial " + changes + " " + lag.toMillis() + " ms after the last upload ended");
    for (ServerNode node : List.of(nodeA, nodeB)) {
      Map<String, String> served = new HashMap<>();
      for (int p = 0; p < PROJECTS; p++) {
        served.putAll(filesOn(node, String.format("proj-%03d", p)));
      }
      for (int r = 0; r < RACES; r++) {
        served.putAll(filesOn(node, String.format("race-%02d", r)));
        served.putAll(filesOn(node, String.format("tight-%02d", r)));
      }
      served.putAll(filesOn(node, "seed-a"));
      served.putAll(filesOn(node, "seed-b"));
      assertThat(served.keySet()).as("files served by %s", node).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach((file, sha) -> {
        if (sha != null) {
          assertThat(served.get(file)).as("%s: %s", node, file).isEqualTo(sha);
        }
      });
    }
    // the race winners' bytes come back from both nodes
    for (int r = 0; r < RACES; r++) {
      String filename = racersA.get(r).getFileName().toString();
      for (ServerNode node : List.of(nodeA, nodeB)) {
        HttpResponse<byte[]> file = node.download(String.format("files/race-%02d/%s", r, filename));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()))).isEqualTo(expected.get(filename));
      }
    }
    // pip installs what was uploaded through the other node
    pipInstallAndImport(nodeB, "proj-000", "proj_000", "1.0");
    pipInstallAndImport(nodeA, "proj-001", "proj_001", "2.0");

    // and in the bucket: a dense journal, one record per filename, no blob that no record names
    List<S3Object> journal = objects("_mypi/journal/");
    assertThat(journal).hasSize((int) changes);
    Set<String> recorded = new HashSet<>();
    for (int serial = 1; serial <= changes; serial++) {
      String key = String.format("_mypi/journal/%020d.json", serial);
      JsonNode entry = json.readTree(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String());
      assertThat(entry.get("action").asText()).isEqualTo("add-file");
      assertThat(recorded.add(entry.get("file").get("filename").asText())).as("filename recorded once: %s", entry).isTrue();
    }
    assertThat(recorded).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(objects("files/")).as("the wheel and its .metadata for each record, nothing else").hasSize(2 * (int) changes);
  }

  /** Writes a valid wheel of about {@code mib} MiB (an incompressible stored file) and returns its path. */
  static Path writeLargeWheel(Path dir, String name, int mib) throws Exception {
    Path wheel = dir.resolve(name + "-1.0-py3-none-any.whl");
    try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry(name + "/__init__.py"));
      zip.write("VERSION = '1.0'\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(name + "-1.0.dist-info/METADATA"));
      zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(name + "-1.0.dist-info/WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(name + "/data.bin"));
      byte[] block = new byte[1 << 20];
      Random random = new Random(42);
      for (int i = 0; i < mib; i++) {
        random.nextBytes(block);
        zip.write(block);
      }
      zip.putNextEntry(new ZipEntry(name + "-1.0.dist-info/RECORD"));
    }
    return wheel;
  }

  @Test
  @Order(2)
  void aNodeKilledInTheMiddleOfAMultipartUploadLeavesNoPartialFileAndTheOtherNodeCarriesOn() throws Exception {
    Path dist = Files.createDirectories(tmp.resolve("dist-kill"));
    Path big = writeLargeWheel(dist, "big_killed", 40);
    long serialBefore = nodeB.serial();
    slowLink.limit(6L << 20); // node A now writes to S3 at 6 MiB/s: a 40 MiB wheel takes ~7 s in 5 MiB parts

    // when: node A is killed once S3 holds some parts of its multipart upload
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<PythonTools.Result> upload = pool.submit(() -> python.twineUpload(nodeA.uploadUrl(), big.toString()));
    MultipartUpload inFlight = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (inFlight == null) {
      assertThat(System.nanoTime()).as("node A starts a multipart upload; output:%n%s", nodeA.output()).isLessThan(deadline);
      for (MultipartUpload u : s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()) {
        if (u.key().contains("big_killed") && !s3.client().listParts(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())).parts().isEmpty()) {
          inFlight = u;
        }
      }
      Thread.sleep(20);
    }
    nodeA.kill();
    assertThat(upload.get(5, TimeUnit.MINUTES).exitCode()).as("twine's upload to the killed node").isNotZero();
    pool.shutdown();
    slowLink.limit(0);

    // then: nothing of it is visible, in the bucket or through node B
    assertThat(objects("files/big-killed/")).isEmpty();
    assertThat(filesOn(nodeB, "big-killed")).isEmpty();
    assertThat(nodeB.serial()).isEqualTo(serialBefore);
    // (the unfinished multipart upload is invisible; a bucket lifecycle rule reclaims its parts)
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).extracting(MultipartUpload::uploadId).contains(inFlight.uploadId());

    // node B carries on: uploads and installs work
    Path after = TestDistributions.of("after-kill", "1.0").writeWheel(dist);
    python.twineUpload(nodeB.uploadUrl(), after.toString()).assertSuccess();
    pipInstallAndImport(nodeB, "after-kill", "after_kill", "1.0");
    assertThat(nodeB.serial()).isEqualTo(serialBefore + 1);

    // and a node started anew on the bucket catches up with everything
    nodeA = ServerNode.start("A2", Files.createDirectories(tmp.resolve("a2")), nodeOptions(s3.endpoint().toString()));
    assertThat(nodeA.serial()).isEqualTo(serialBefore + 1);
    assertThat(filesOn(nodeA, "after-kill")).containsOnlyKeys(after.getFileName().toString());
    assertThat(filesOn(nodeA, "big-killed")).isEmpty();
  }
}
