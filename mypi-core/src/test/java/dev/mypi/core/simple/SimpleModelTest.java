package dev.mypi.core.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.mypi.core.name.InvalidProjectNameException;
import dev.mypi.core.name.ProjectName;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimpleModelTest {
  @Test
  void hashesKeepInsertionOrderAndExposeSha256() {
    Hashes hashes =
        Hashes.of(ImmutableMap.of("sha512", "ab".repeat(64), "sha256", SamplePages.SDIST_SHA));

    assertThat(hashes.asMap().keySet()).containsExactly("sha512", "sha256");
    assertThat(hashes.sha256()).contains(SamplePages.SDIST_SHA);
    assertThat(hashes.get("md5")).isEmpty();
    assertThat(Hashes.sha256(SamplePages.SDIST_SHA)).isEqualTo(Hashes.of(ImmutableMap.of("sha256", SamplePages.SDIST_SHA)));
    assertThat(Hashes.of(ImmutableMap.of())).isSameAs(Hashes.empty());
    assertThat(Hashes.empty().isEmpty()).isTrue();
    assertThat(Hashes.sha256(SamplePages.SDIST_SHA).toString()).isEqualTo("sha256=" + SamplePages.SDIST_SHA);
  }

  @Test
  void hashesRejectUppercaseShortOrNonHexDigestsAndBadAlgorithmNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hashes.sha256(SamplePages.SDIST_SHA.toUpperCase(java.util.Locale.ROOT)))
        .withMessageContaining("lowercase hexadecimal");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hashes.sha256("abcd"))
        .withMessageContaining("expected 64 hex digits");
    assertThatIllegalArgumentException().isThrownBy(() -> Hashes.sha256("zz".repeat(32)));
    assertThatIllegalArgumentException().isThrownBy(() -> Hashes.sha256(""));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hashes.of(ImmutableMap.of("SHA256", SamplePages.SDIST_SHA)))
        .withMessageContaining("'SHA256'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hashes.of(ImmutableMap.of("sha-256", SamplePages.SDIST_SHA)));
    assertThat(Hashes.of(ImmutableMap.of("blake2b", "00ff")).get("blake2b")).contains("00ff");
  }

  @Test
  void yankStateHasThreeShapes() {
    assertThat(YankState.notYanked().isYanked()).isFalse();
    assertThat(YankState.yanked().isYanked()).isTrue();
    assertThat(YankState.yanked().reason()).isEmpty();
    assertThat(YankState.yanked("broken").reason()).contains("broken");
    assertThat(YankState.yanked("")).isEqualTo(YankState.yanked());
    assertThat(YankState.yanked("a")).isEqualTo(YankState.yanked("a")).isNotEqualTo(YankState.yanked());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "/files/a b.whl",
        "/files/a.whl#md5=00",
        "/files/a.whl\u0000",
        ":foo",
        ""
      })
  void fileUrlRejectsScriptSchemesFragmentsWhitespaceAndControls(String url) {
    assertThatIllegalArgumentException().isThrownBy(() -> FileEntry.builder().url(url));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/files/a.whl",
        "../../files/a.whl",
        "a.whl",
        "./javascript:alert(1).whl",
        "HTTPS://files.example.com/a.whl",
        "http://127.0.0.1:8080/files/a-1.0+cpu.whl?x=1",
        "//cdn.example.com/a.whl",
        "/files/%22%3E.whl"
      })
  void fileUrlAcceptsRelativeAndHttpUrls(String url) {
    assertThat(FileEntry.builder().url(url).filename("a.whl").size(0).build().url()).isEqualTo(url);
  }

  @Test
  void fileEntryRequiresFilenameUrlAndSize() {
    assertThatIllegalStateException()
        .isThrownBy(() -> FileEntry.builder().filename("a.whl").url("a.whl").build())
        .withMessageContaining("size=-1");
    assertThatIllegalStateException().isThrownBy(() -> FileEntry.builder().url("a.whl").size(1).build());
    assertThatIllegalArgumentException().isThrownBy(() -> FileEntry.builder().size(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> FileEntry.builder().filename(""));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FileEntry.builder().uploadTime(Instant.parse("+10000-01-01T00:00:00Z")));
  }

  @Test
  void fileEntryTreatsBlankRequiresPythonAsAbsentAndRoundTripsThroughBuilder() {
    FileEntry file = SamplePages.normal().files().get(1);

    assertThat(file.toBuilder().build()).isEqualTo(file).hasSameHashCodeAs(file);
    assertThat(file.toBuilder().requiresPython(" ").build().requiresPython()).isEmpty();
    assertThat(file.toBuilder().requiresPython(null).build().requiresPython()).isEmpty();
  }

  @Test
  void hostileDisplayNamesCannotBecomeProjectNames() {
    // Names are validated upstream, so pages can only carry hostile text in other fields.
    assertThatThrownBy(() -> ProjectName.of(SamplePages.SCRIPT))
        .isInstanceOf(InvalidProjectNameException.class);
    assertThatThrownBy(() -> ProjectName.of("a&b")).isInstanceOf(InvalidProjectNameException.class);
  }

  @Test
  void projectPageDropsDuplicateVersionsAndDefaultsToActive() {
    ProjectPage page =
        ProjectPage.builder(ProjectName.of("Foo"))
            .addVersions(List.of("1.0", "0.9", "1.0"))
            .lastSerial(5)
            .build();

    assertThat(page.versions()).containsExactly("1.0", "0.9");
    assertThat(page.status()).isEqualTo(ProjectStatus.ACTIVE);
    assertThat(page.statusReason()).isEmpty();
    assertThat(page.files()).isEmpty();
    assertThat(page.toBuilder().build()).isEqualTo(page);
  }

  @Test
  void projectPageStatusReasonIsReplacedWithTheStatus() {
    ProjectPage archived = SamplePages.archived();

    assertThat(archived.statusReason()).contains("Moved to bar");
    assertThat(archived.toBuilder().status(ProjectStatus.ACTIVE).build().statusReason()).isEmpty();
    assertThat(archived.toBuilder().status(ProjectStatus.DEPRECATED, "").build().statusReason())
        .isEmpty();
    assertThat(archived.toBuilder().clearFiles().build().files()).isEmpty();
  }

  @Test
  void onlyQuarantineHidesFiles() {
    assertThat(ProjectStatus.QUARANTINED.offersFiles()).isFalse();
    assertThat(ProjectStatus.ARCHIVED.offersFiles()).isTrue();
    assertThat(ProjectStatus.DEPRECATED.offersFiles()).isTrue();
    assertThat(ProjectStatus.ACTIVE.value()).isEqualTo("active");
  }

  @Test
  void projectListRejectsTheSameProjectTwiceAndNegativeSerials() {
    ProjectList.Builder builder = ProjectList.builder().add(ProjectName.of("Foo.Bar"), 1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.add(ProjectName.of("foo_bar"), 2))
        .withMessageContaining("foo-bar");
    assertThatIllegalArgumentException().isThrownBy(() -> ProjectList.builder().lastSerial(-1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ProjectList.Entry(ProjectName.of("a"), -1));
    assertThat(ProjectList.of(SamplePages.root().projects(), 42)).isEqualTo(SamplePages.root());
  }
}
