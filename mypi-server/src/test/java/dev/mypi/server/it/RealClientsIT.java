package dev.mypi.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mypi.testkit.PythonTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * twine uploads to a running mypi and pip installs from it: the behaviours users rely on.
 * Needs python3 with pip (always on these machines) and twine (installed by {@code .ci/run}).
 */
@Timeout(600)
class RealClientsIT {
  @TempDir static Path tmp;
  static RunningIndex mypi;
  static PythonTools python;
  static Path dist;

  @BeforeAll
  static void startServer() throws Exception {
    assumeThat(PythonTools.twineAvailable()).as("twine on PATH (apt-get install twine)").isTrue();
    mypi = RunningIndex.start(tmp.resolve("packages"));
    python = new PythonTools(tmp.resolve("home"));
    dist = Files.createDirectories(tmp.resolve("dist"));
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (mypi != null) {
      mypi.close();
    }
  }

  private static Path target(String name) throws IOException {
    return Files.createDirectories(tmp.resolve("site-" + name));
  }

  private static void upload(Path... files) throws Exception {
    String[] args = new String[files.length];
    for (int i = 0; i < files.length; i++) {
      args[i] = files[i].toString();
    }
    python.twineUpload(mypi.uploadUrl(), args).assertSuccess();
  }

  private static String importAndPrint(Path site, String module, String expr) throws Exception {
    PythonTools.Result r = python.pythonWithPath(site, "import " + module + "; print(" + expr + ")").assertSuccess();
    String[] lines = r.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  @Test
  void pipInstallsAProjectAndItsDependencyFromWheelsAndSdistsUploadedByTwine() throws Exception {
    Path d = Files.createDirectories(dist.resolve("dep"));
    TestDistributions base = TestDistributions.of("base-lib", "1.0");
    TestDistributions app = TestDistributions.of("app-tool", "1.0").requires("base-lib>=1.0");
    upload(base.writeWheel(d), base.writeSdist(d), app.writeWheel(d), app.writeSdist(d));

    Path site = target("dep");
    python.pipInstall(mypi.simpleUrl(), site, "app-tool").assertSuccess();

    assertThat(importAndPrint(site, "app_tool", "app_tool.VERSION")).isEqualTo("1.0");
    assertThat(importAndPrint(site, "base_lib", "base_lib.VERSION")).isEqualTo("1.0");
  }

  @Test
  void pipChoosesTheHighestPep440VersionAndPreReleasesOnlyWithPre() throws Exception {
    Path d = Files.createDirectories(dist.resolve("versions"));
    upload(
        TestDistributions.of("ordering", "1.2").writeWheel(d),
        TestDistributions.of("ordering", "1.10").writeWheel(d),
        TestDistributions.of("ordering", "2.0rc1").writeWheel(d));

    Path site = target("versions");
    python.pipInstall(mypi.simpleUrl(), site, "ordering").assertSuccess();
    assertThat(importAndPrint(site, "ordering", "ordering.VERSION")).isEqualTo("1.10");

    Path pre = target("versions-pre");
    python.pipInstall(mypi.simpleUrl(), pre, "--pre", "ordering").assertSuccess();
    assertThat(importAndPrint(pre, "ordering", "ordering.VERSION")).isEqualTo("2.0rc1");
  }

  @Test
  void mixedCaseAndPunctuatedNamesResolveUnderAnySpelling() throws Exception {
    Path d = Files.createDirectories(dist.resolve("names"));
    upload(TestDistributions.of("My.Mixed_Case-Pkg", "0.3").writeWheel(d));

    for (String spelling : new String[] {"my-mixed-case-pkg", "My_Mixed.Case_pkg", "MY.MIXED.CASE.PKG"}) {
      Path site = target("names-" + spelling.replace('.', 'x'));
      python.pipInstall(mypi.simpleUrl(), site, spelling).assertSuccess();
      assertThat(importAndPrint(site, "my_mixed_case_pkg", "my_mixed_case_pkg.VERSION")).isEqualTo("0.3");
    }
  }

  @Test
  void requireHashesAcceptsTheRightHashAndRejectsAWrongOne() throws Exception {
    Path d = Files.createDirectories(dist.resolve("hashes"));
    Path wheel = TestDistributions.of("hashed", "1.0").writeWheel(d);
    upload(wheel);
    String sha = TestDistributions.sha256Hex(wheel);

    Path good = tmp.resolve("req-good.txt");
    Files.writeString(good, "hashed==1.0 --hash=sha256:" + sha + "\n");
    python.pipInstall(mypi.simpleUrl(), target("hashes-good"), "--require-hashes", "-r", good.toString()).assertSuccess();

    Path bad = tmp.resolve("req-bad.txt");
    Files.writeString(bad, "hashed==1.0 --hash=sha256:" + "0".repeat(64) + "\n");
    PythonTools.Result r = python.pipInstall(mypi.simpleUrl(), target("hashes-bad"), "--require-hashes", "-r", bad.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("THESE PACKAGES DO NOT MATCH THE HASHES");
  }

  @Test
  void aReleaseWhoseRequiresPythonExcludesThisPythonIsSkippedForAnOlderOne() throws Exception {
    Path d = Files.createDirectories(dist.resolve("requires-python"));
    upload(
        TestDistributions.of("pyrange", "1.0").requiresPython(">=3.7").writeWheel(d),
        TestDistributions.of("pyrange", "2.0").requiresPython("<3").writeWheel(d));

    Path site = target("requires-python");
    python.pipInstall(mypi.simpleUrl(), site, "pyrange").assertSuccess();
    assertThat(importAndPrint(site, "pyrange", "pyrange.VERSION")).isEqualTo("1.0");
  }

  @Test
  void identicalReUploadSucceedsChangedReUploadIsRefusedAndSkipExistingPasses() throws Exception {
    Path first = Files.createDirectories(dist.resolve("reupload-1"));
    Path second = Files.createDirectories(dist.resolve("reupload-2"));
    Path original = TestDistributions.of("reupload", "1.0").writeWheel(first);
    Path changed = TestDistributions.of("reupload", "1.0").summary("different bytes").writeWheel(second);
    upload(original);

    python.twineUpload(mypi.uploadUrl(), original.toString()).assertSuccess();

    PythonTools.Result refused = python.twineUpload(mypi.uploadUrl(), "--verbose", changed.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("409").contains("File already exists");

    python.twineUpload(mypi.uploadUrl(), "--skip-existing", changed.toString()).assertSuccess();
  }

  @Test
  void pipInstallsOverJsonAndOverHtml() throws Exception {
    Path d = Files.createDirectories(dist.resolve("formats"));
    upload(TestDistributions.of("formats", "1.0").writeWheel(d));

    // pip asks for PEP 691 JSON first
    python.pipInstall(mypi.simpleUrl(), target("formats-json"), "formats").assertSuccess();

    // an HTML-only mount of the same index: pip falls back to the PEP 503 page
    try (HtmlOnlyMount html = HtmlOnlyMount.start(mypi.index)) {
      python.pipInstall(html.simpleUrl(), target("formats-html"), "formats").assertSuccess();
      assertThat(html.jsonPagesServed()).isZero();
      assertThat(html.htmlPagesServed()).isPositive();
    }
  }
}
