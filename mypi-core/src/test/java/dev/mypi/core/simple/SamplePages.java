package dev.mypi.core.simple;

import dev.mypi.core.name.ProjectName;
import java.time.Instant;

/** The pages the golden-file tests render, shared by the HTML and JSON tests. */
final class SamplePages {
  static final String SDIST_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String WHEEL_SHA = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
  static final String METADATA_SHA = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
  static final String OLD_SHA = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";
  static final String LOCAL_SHA = "2f4e9b1e5d2b9a2e3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819202";

  /** A hostile string: closes an attribute, opens a script, and carries every special character. */
  static final String SCRIPT = "\"><script>alert(1)</script>";

  private SamplePages() {}

  /** sdist + wheel with metadata, a yanked-with-reason and a yanked-without-reason file, a +local. */
  static ProjectPage normal() {
    return ProjectPage.builder(ProjectName.of("Foo.Bar"))
        .addVersions(java.util.List.of("0.8", "0.9", "1.0", "2.0+cpu"))
        .addFile(
            FileEntry.builder()
                .filename("foo_bar-1.0.tar.gz")
                .url("/files/foo-bar/foo_bar-1.0.tar.gz")
                .hashes(Hashes.sha256(SDIST_SHA))
                .requiresPython("<4,>=3.8")
                .size(12345)
                .uploadTime(Instant.parse("2026-08-01T12:00:00.123456789Z"))
                .build())
        .addFile(
            FileEntry.builder()
                .filename("foo_bar-1.0-py3-none-any.whl")
                .url("/files/foo-bar/foo_bar-1.0-py3-none-any.whl")
                .hashes(Hashes.sha256(WHEEL_SHA))
                .requiresPython("<4,>=3.8")
                .coreMetadata(Hashes.sha256(METADATA_SHA))
                .size(2345)
                .uploadTime(Instant.parse("2026-08-01T12:00:01Z"))
                .build())
        .addFile(
            FileEntry.builder()
                .filename("foo_bar-0.9-py3-none-any.whl")
                .url("https://files.example.com/foo-bar/foo_bar-0.9-py3-none-any.whl")
                .hashes(Hashes.sha256(OLD_SHA))
                .yank(YankState.yanked("broken on 3.12"))
                .size(2200)
                .build())
        .addFile(
            FileEntry.builder()
                .filename("foo_bar-0.8.tar.gz")
                .url("../../files/foo-bar/foo_bar-0.8.tar.gz")
                .hashes(Hashes.sha256(SDIST_SHA))
                .yank(YankState.yanked())
                .size(1000)
                .uploadTime(Instant.parse("2020-02-29T23:59:59.000001Z"))
                .build())
        .addFile(
            FileEntry.builder()
                .filename("foo_bar-2.0+cpu-cp312-cp312-manylinux_2_17_x86_64.whl")
                .url("/files/foo-bar/foo_bar-2.0+cpu-cp312-cp312-manylinux_2_17_x86_64.whl")
                .hashes(Hashes.sha256(LOCAL_SHA))
                .requiresPython(">=3.12")
                .coreMetadata(Hashes.sha256(METADATA_SHA))
                .size(987654321)
                .uploadTime(Instant.parse("2026-08-02T00:00:00Z"))
                .build())
        .lastSerial(42)
        .build();
  }

  static ProjectList root() {
    return ProjectList.builder()
        .add(ProjectName.of("Foo.Bar"), 42)
        .add(ProjectName.of("spam"), 7)
        .add(ProjectName.of("Zope_Interface"), 40)
        .lastSerial(42)
        .build();
  }

  static ProjectPage empty() {
    return ProjectPage.builder(ProjectName.of("Empty")).lastSerial(3).build();
  }

  static ProjectPage archived() {
    return normal().toBuilder().status(ProjectStatus.ARCHIVED, "Moved to bar").build();
  }

  /** Holds files, which must not be listed. */
  static ProjectPage quarantined() {
    return normal().toBuilder().status(ProjectStatus.QUARANTINED, "Malware reported").build();
  }

  /** Every free-text field carries markup, quotes, ampersands and non-ASCII. */
  static ProjectPage hostile() {
    return ProjectPage.builder(ProjectName.of("evil"))
        .addVersion("1.0" + SCRIPT)
        .addFile(
            FileEntry.builder()
                .filename(SCRIPT + "&amp;'x'<y>ü🐍.whl")
                .url("https://evil.example/a?b=1&c='2'&d=<3>/\"q\"/" + SCRIPT + "ü🐍.whl")
                .hashes(Hashes.sha256(WHEEL_SHA))
                .requiresPython(SCRIPT + ">=3.8&<4'")
                .yank(YankState.yanked("</a><script>alert(\"x\")</script> & 'y' ünï"))
                .coreMetadata(Hashes.sha256(METADATA_SHA))
                .size(1)
                .build())
        .addFile(
            FileEntry.builder()
                .filename("javascript:alert(1).whl")
                .url("./javascript:alert(1).whl")
                .size(2)
                .build())
        .status(ProjectStatus.DEPRECATED, "<b>\"Use\" 'other' & more</b> " + SCRIPT + " ünïcødé")
        .lastSerial(1)
        .build();
  }
}
