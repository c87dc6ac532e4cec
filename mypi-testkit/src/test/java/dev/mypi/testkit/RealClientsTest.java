package dev.mypi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mypi.core.metadata.CoreMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit against the real clients: pip (from python3) installs generated packages from a
 * {@link MockIndexServer}, retries through injected 503s, and detects a wrong advertised hash;
 * twine's uploads are recorded with their metadata.
 */
@Timeout(300) // a hang guard, not a performance assertion
class RealClientsTest {
  @TempDir static Path home;
  @TempDir Path tmp;
  static PythonTools python;
  MockIndexServer server;

  @BeforeAll
  static void findPython() throws Exception {
    python = new PythonTools(home);
  }

  @BeforeEach
  void startServer() throws Exception {
    server = MockIndexServer.create().start();
  }

  @AfterEach
  void closeServer() throws Exception {
    server.close();
  }

  private String simple() {
    return server.simpleUrl().toString();
  }

  private static String lastLine(PythonTools.Result r) {
    String[] lines = r.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  @Test
  void pipInstallsAGeneratedWheelWithItsDependencyAndTheModulesImport() throws Exception {
    server.publish(
        WheelBuilder.of("app-tool", "1.0")
            .requires("base-lib>=2")
            .module("app_tool.cli", "import base_lib\ndef main():\n    print('app-tool on base-lib', base_lib.__version__)\n")
            .consoleScript("app-tool", "app_tool.cli:main")
            .build());
    server.publish(WheelBuilder.of("base-lib", "1.0").build());
    server.publish(WheelBuilder.of("base-lib", "2.1").requiresPython(">=3.7").build());
    Path site = tmp.resolve("site");

    python.pipInstall(simple(), site, "app-tool").assertSuccess();

    assertThat(lastLine(python.pythonWithPath(site, "import app_tool, base_lib; print(app_tool.__version__, base_lib.__version__)")))
        .isEqualTo("1.0 2.1");
    assertThat(site.resolve("bin/app-tool")).isRegularFile();
    assertThat(lastLine(python.runWithPath(site, python.python(), site.resolve("bin/app-tool").toString()).assertSuccess()))
        .isEqualTo("app-tool on base-lib 2.1");
    assertThat(server.requests()).extracting(RecordedRequest::path).contains("/simple/app-tool/", "/simple/base-lib/");
  }

  @Test
  void pipInstallsAnExtraAndAGeneratedSdistWithoutNetwork() throws Exception {
    server.publish(WheelBuilder.of("core-pkg", "1.0").extra("fast", "speedup>=1").build());
    server.publish(SdistBuilder.of("speedup", "1.5").module("speedup.engine", "SPEED = 11\n").consoleScript("speedup", "speedup.engine:SPEED").build());
    Path site = tmp.resolve("site");

    python.pipInstall(simple(), site, "core-pkg[fast]").assertSuccess();

    assertThat(lastLine(python.pythonWithPath(site, "import core_pkg, speedup.engine; print(core_pkg.__version__, speedup.engine.SPEED)")))
        .isEqualTo("1.0 11");
  }

  @Test
  void pipRetriesThroughInjected503sAndTheRecordingShowsThem() throws Exception {
    server.publish(WheelBuilder.of("flaky", "1.0").build());
    Fault unavailable = server.faults().on("/simple/flaky/").status(503).retryAfter(Duration.ZERO).times(2);
    Path site = tmp.resolve("site");

    python.pipInstall(simple(), site, "--retries", "3", "--timeout", "10", "flaky").assertSuccess();

    assertThat(unavailable.hits()).isEqualTo(2);
    List<RecordedRequest> pages = server.requests().stream().filter(r -> r.path().equals("/simple/flaky/")).toList();
    assertThat(pages).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
    assertThat(pages).extracting(RecordedRequest::faulted).containsExactly(true, true, false);
    assertThat(lastLine(python.pythonWithPath(site, "import flaky; print(flaky.__version__)"))).isEqualTo("1.0");
  }

  @Test
  void requireHashesDetectsAWrongAdvertisedHash() throws Exception {
    Distribution wheel = WheelBuilder.of("pinned", "1.0").build();
    server.publish(wheel);
    server.faults().onProject("pinned").advertiseWrongHash();
    // a lock file generated from what the index advertises
    String advertised = advertisedSha256("pinned");
    assertThat(advertised).isNotEqualTo(wheel.sha256());
    Path lock = Files.writeString(tmp.resolve("requirements.txt"), "pinned==1.0 --hash=sha256:" + advertised + "\n");

    PythonTools.Result r = python.pipInstall(simple(), tmp.resolve("bad"), "--require-hashes", "-r", lock.toString());

    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("THESE PACKAGES DO NOT MATCH THE HASHES").contains(advertised).contains(wheel.sha256());

    // without the fault the index advertises the real hash, and the same install passes
    server.faults().clear();
    Path good = Files.writeString(tmp.resolve("good.txt"), "pinned==1.0 --hash=sha256:" + advertisedSha256("pinned") + "\n");
    python.pipInstall(simple(), tmp.resolve("good"), "--require-hashes", "-r", good.toString()).assertSuccess();
  }

  private String advertisedSha256(String project) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(server.projectUrl(project)).header("Accept", "application/vnd.pypi.simple.v1+json").build();
    String json = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    return node.get("files").get(0).get("hashes").get("sha256").asText();
  }

  @Test
  void twineUploadsAreRecordedWithTheirMetadata() throws Exception {
    assumeThat(PythonTools.twineAvailable()).as("twine on PATH (apt-get install twine)").isTrue();
    Path wheel = WheelBuilder.of("uploaded-pkg", "3.1").requires("requests>=2").requiresPython(">=3.8").summary("Sent by twine").writeTo(tmp);
    Path sdist = SdistBuilder.of("uploaded-pkg", "3.1").requires("requests>=2").writeTo(tmp);

    python.twineUpload(server.uploadUrl().toString(), wheel.toString(), sdist.toString()).assertSuccess();

    assertThat(server.uploads()).hasSize(2);
    RecordedUpload first = server.uploads().get(0);
    assertThat(first.accepted()).isTrue();
    assertThat(first.filename()).isEqualTo("uploaded_pkg-3.1-py3-none-any.whl");
    assertThat(first.form().name()).contains("uploaded-pkg");
    assertThat(first.form().version()).contains("3.1");
    assertThat(first.form().filetype()).contains("bdist_wheel");
    assertThat(first.form().sha256Digest()).contains(first.sha256());
    assertThat(first.content()).isEqualTo(Files.readAllBytes(wheel));
    CoreMetadata metadata = first.metadata().orElseThrow();
    assertThat(metadata.requiresDist()).containsExactly("requests>=2");
    assertThat(metadata.requiresPython()).contains(">=3.8");
    assertThat(metadata.summary()).contains("Sent by twine");
    assertThat(server.uploads().get(1).form().filetype()).contains("sdist");
    RecordedRequest post = server.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
    assertThat(post.path()).isEqualTo("/legacy/");
    assertThat(post.header("Authorization")).isPresent();
    assertThat(post.bodySize()).isGreaterThan(first.size());
    assertThat(server.index().file("uploaded-pkg", "uploaded_pkg-3.1.tar.gz")).isPresent();
  }
}
