package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.sdist;
import static dev.mypi.core.internal.index.TestDistributions.sdistName;
import static dev.mypi.core.internal.index.TestDistributions.sha256;
import static dev.mypi.core.internal.index.TestDistributions.uploadBody;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.FileExistsException;
import dev.mypi.core.IndexBuilder;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.NotFoundException;
import dev.mypi.core.OverwritePolicy;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.upload.InvalidUploadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredProjectIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path spool;
  private InMemoryBlobStore store;
  private ProjectIndex index;

  @BeforeEach
  void openIndex() throws IOException {
    store = InMemoryBlobStore.create();
    index = builder().build();
  }

  @AfterEach
  void spoolIsEmptyAfterEveryOperation() throws IOException {
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  private IndexBuilder builder() {
    return ProjectIndex.builder(store).spoolDirectory(spool);
  }

  private static PublishResult publish(ProjectIndex index, String name, String version, String filename, byte[] content)
      throws IOException {
    return index.publish(CONTENT_TYPE, new ByteArrayInputStream(uploadBody(name, version, filename, content)));
  }

  private PublishResult publishWheel(String name, String version) throws IOException {
    return publish(index, name, version, wheelName(name, version), wheel(name, version));
  }

  private PublishResult publishSdist(String name, String version) throws IOException {
    return publish(index, name, version, sdistName(name, version), sdist(name, version));
  }

  private List<String> storeKeys() throws IOException {
    try (Stream<BlobInfo> all = store.list(BlobKey.root())) {
      return all.map(info -> info.key().toString()).sorted().toList();
    }
  }

  private static byte[] read(Optional<Blob> blob) throws IOException {
    assertThat(blob).isPresent();
    try (Blob b = blob.get();
        InputStream in = b.openStream()) {
      return in.readAllBytes();
    }
  }

  private static String text(RenderedPage page) {
    return new String(page.toByteArray(), StandardCharsets.UTF_8);
  }

  private RenderedPage page(String project, SimpleFormat format) {
    return index.renderProject(project, format).orElseThrow();
  }

  // ---- publishing and reading ---------------------------------------------------------------

  @Test
  void publishedWheelAndSdistAreListedAndRendered() throws IOException {
    byte[] whl = wheel("foo", "1.0");
    byte[] tgz = sdist("foo", "1.0");

    assertThat(publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", whl)).isEqualTo(PublishResult.CREATED);
    assertThat(publish(index, "foo", "1.0", "foo-1.0.tar.gz", tgz)).isEqualTo(PublishResult.CREATED);

    ProjectList list = index.projects();
    assertThat(list.projects()).extracting(e -> e.name().normalized()).containsExactly("foo");
    ProjectPage page = index.project("foo").orElseThrow();
    assertThat(page.versions()).containsExactly("1.0");
    assertThat(page.files()).extracting(FileEntry::filename).containsExactlyInAnyOrder("foo-1.0-py3-none-any.whl", "foo-1.0.tar.gz");
    FileEntry wheelEntry = page.files().stream().filter(f -> f.filename().endsWith(".whl")).findFirst().orElseThrow();
    assertThat(wheelEntry.hashes().sha256()).contains(sha256(whl));
    assertThat(wheelEntry.size()).isEqualTo(whl.length);
    assertThat(wheelEntry.requiresPython()).contains(">=3.8");

    String html = text(page("foo", SimpleFormat.HTML));
    assertThat(html)
        .contains("foo-1.0-py3-none-any.whl#sha256=" + sha256(whl))
        .contains("foo-1.0.tar.gz#sha256=" + sha256(tgz))
        .contains("data-requires-python=\"&gt;=3.8\"");
    JsonNode json = JSON.readTree(page("foo", SimpleFormat.JSON_V1).toByteArray());
    assertThat(json.get("name").asText()).isEqualTo("foo");
    assertThat(json.get("files")).hasSize(2);
    assertThat(text(index.renderProjects(SimpleFormat.HTML))).contains(">foo</a>");
  }

  @Test
  void servesTheUploadedBytes() throws IOException {
    byte[] whl = wheel("foo", "1.0");
    publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", whl);

    assertThat(read(index.openFile("foo", "foo-1.0-py3-none-any.whl"))).isEqualTo(whl);
    IndexedFile file = index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow();
    assertThat(file.sha256()).isEqualTo(sha256(whl));
    assertThat(file.size()).isEqualTo(whl.length);
    assertThat(file.version()).isEqualTo("1.0");
    assertThat(index.openFile("foo", "foo-2.0-py3-none-any.whl")).isEmpty();
    assertThat(index.file("bar", "foo-1.0-py3-none-any.whl")).isEmpty();
  }

  @Test
  void wheelMetadataFileIsTheUnchangedMetadataAndItsHashIsAdvertised() throws IOException {
    publishWheel("foo", "1.0");
    byte[] expected = TestDistributions.metadata("foo", "1.0").getBytes(StandardCharsets.UTF_8);

    byte[] metadata = read(index.openCoreMetadata("foo", "foo-1.0-py3-none-any.whl"));

    assertThat(metadata).isEqualTo(expected);
    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().coreMetadataSha256()).contains(sha256(expected));
    FileEntry entry = index.project("foo").orElseThrow().files().get(0);
    assertThat(entry.coreMetadata().orElseThrow().sha256()).contains(sha256(expected));
    assertThat(text(page("foo", SimpleFormat.HTML))).contains("data-core-metadata=\"sha256=" + sha256(expected) + "\"");
    JsonNode file = JSON.readTree(page("foo", SimpleFormat.JSON_V1).toByteArray()).get("files").get(0);
    assertThat(file.get("core-metadata").get("sha256").asText()).isEqualTo(sha256(expected));
  }

  @Test
  void sdistHasNoMetadataFile() throws IOException {
    publishSdist("foo", "1.0");

    assertThat(index.openCoreMetadata("foo", "foo-1.0.tar.gz")).isEmpty();
    assertThat(index.file("foo", "foo-1.0.tar.gz").orElseThrow().coreMetadataSha256()).isEmpty();
    assertThat(index.project("foo").orElseThrow().files().get(0).coreMetadata()).isEmpty();
    assertThat(storeKeys()).filteredOn(k -> k.endsWith(".metadata")).isEmpty();
  }

  @Test
  void storesFilesUnderContentAddressedKeys() throws IOException {
    byte[] whl = wheel("foo", "1.0");
    publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", whl);

    String dir = "files/foo/" + sha256(whl).substring(0, 32) + "/";
    assertThat(storeKeys())
        .contains(dir + "foo-1.0-py3-none-any.whl", dir + "foo-1.0-py3-none-any.whl.metadata");
  }

  @Test
  void legacySubmitActionHasNothingToDo() throws IOException {
    byte[] body = TestDistributions.submitBody("foo", "1.0");

    assertThat(index.publish(CONTENT_TYPE, new ByteArrayInputStream(body))).isEqualTo(PublishResult.NOTHING_TO_DO);
    assertThat(index.serial()).isZero();
    assertThat(index.projects().projects()).isEmpty();
  }

  // ---- serials and the page cache -----------------------------------------------------------

  @Test
  void serialIncreasesByExactlyOnePerChange() throws IOException {
    assertThat(index.serial()).isZero();
    publishWheel("foo", "1.0");
    assertThat(index.serial()).isEqualTo(1);
    publishSdist("foo", "1.0");
    assertThat(index.serial()).isEqualTo(2);
    index.yank("foo", "1.0", "");
    assertThat(index.serial()).isEqualTo(3);
    index.unyank("foo", "1.0");
    assertThat(index.serial()).isEqualTo(4);
    index.deleteFile("foo", "foo-1.0.tar.gz");
    assertThat(index.serial()).isEqualTo(5);
    assertThat(index.project("foo").orElseThrow().lastSerial()).isEqualTo(5);
    assertThat(index.projects().lastSerial()).isEqualTo(5);
  }

  @Test
  void renderedPageIsCachedUntilTheProjectChanges() throws IOException {
    publishWheel("foo", "1.0");
    RenderedPage first = page("foo", SimpleFormat.JSON_V1);

    assertThat(page("foo", SimpleFormat.JSON_V1)).isSameAs(first);

    publishSdist("foo", "1.0");
    RenderedPage afterUpload = page("foo", SimpleFormat.JSON_V1);
    assertThat(afterUpload).isNotSameAs(first);
    assertThat(afterUpload.etag()).isNotEqualTo(first.etag());
    assertThat(page("foo", SimpleFormat.JSON_V1)).isSameAs(afterUpload);

    index.yank("foo", "1.0", "broken");
    RenderedPage afterYank = page("foo", SimpleFormat.JSON_V1);
    assertThat(afterYank.etag()).isNotIn(first.etag(), afterUpload.etag());

    index.deleteFile("foo", "foo-1.0.tar.gz");
    RenderedPage afterDelete = page("foo", SimpleFormat.JSON_V1);
    assertThat(afterDelete.etag()).isNotIn(first.etag(), afterUpload.etag(), afterYank.etag());
    assertThat(afterDelete.serial()).isEqualTo(index.serial());
  }

  @Test
  void htmlAndJsonPagesAreCachedSeparately() throws IOException {
    publishWheel("foo", "1.0");

    RenderedPage html = page("foo", SimpleFormat.HTML);
    RenderedPage json = page("foo", SimpleFormat.JSON_V1);

    assertThat(json.etag()).isNotEqualTo(html.etag());
    assertThat(page("foo", SimpleFormat.HTML)).isSameAs(html);
    assertThat(page("foo", SimpleFormat.JSON_V1)).isSameAs(json);
  }

  @Test
  void otherProjectsPagesStayCachedWhenOneProjectChanges() throws IOException {
    publishWheel("foo", "1.0");
    publishWheel("bar", "1.0");
    RenderedPage bar = page("bar", SimpleFormat.HTML);
    RenderedPage foo = page("foo", SimpleFormat.HTML);

    publishWheel("foo", "2.0");
    index.yank("foo", "1.0", "");

    assertThat(page("bar", SimpleFormat.HTML)).isSameAs(bar);
    assertThat(page("foo", SimpleFormat.HTML)).isNotSameAs(foo);
  }

  @Test
  void rootPageIsCachedUntilAnyChange() throws IOException {
    publishWheel("foo", "1.0");
    RenderedPage root = index.renderProjects(SimpleFormat.JSON_V1);
    assertThat(index.renderProjects(SimpleFormat.JSON_V1)).isSameAs(root);

    publishWheel("bar", "1.0");

    RenderedPage after = index.renderProjects(SimpleFormat.JSON_V1);
    assertThat(after.etag()).isNotEqualTo(root.etag());
    assertThat(text(after)).contains("\"bar\"", "\"foo\"");
  }

  @Test
  void withoutAPageCacheProjectPagesAreRenderedEachTimeButTheRootPageIsKept() throws IOException {
    index = builder().pageCacheSize(0).build();
    publishWheel("foo", "1.0");

    RenderedPage project = page("foo", SimpleFormat.HTML);
    RenderedPage root = index.renderProjects(SimpleFormat.HTML);

    RenderedPage again = page("foo", SimpleFormat.HTML);
    assertThat(again).isNotSameAs(project);
    assertThat(text(again)).isEqualTo(text(project));
    assertThat(index.renderProjects(SimpleFormat.HTML)).isSameAs(root);
  }

  @Test
  void recordsFromASnapshotServeTheSamePagesAsBeforeTheRestart() throws IOException {
    publishWheel("foo", "1.0");
    publishSdist("foo", "1.0");
    index.yank("foo", "1.0", "broken");
    String html = text(page("foo", SimpleFormat.HTML));
    String json = text(page("foo", SimpleFormat.JSON_V1));
    IndexedFile file = index.file("foo", wheelName("foo", "1.0")).orElseThrow();

    index.close();
    index = builder().build();

    assertThat(text(page("foo", SimpleFormat.HTML))).isEqualTo(html);
    assertThat(text(page("foo", SimpleFormat.JSON_V1))).isEqualTo(json);
    assertThat(index.file("foo", wheelName("foo", "1.0")).orElseThrow()).usingRecursiveComparison().isEqualTo(file);
  }

  // ---- names and versions -------------------------------------------------------------------

  @Test
  void namesThatNormaliseAlikeAreOneProjectKeepingTheFirstDisplayName() throws IOException {
    publish(index, "Foo.Bar", "1.0", "foo_bar-1.0-py3-none-any.whl", wheel("Foo.Bar", "1.0"));
    publish(index, "foo_bar", "2.0", "foo_bar-2.0-py3-none-any.whl", wheel("foo_bar", "2.0"));

    assertThat(index.projects().projects()).hasSize(1);
    ProjectPage page = index.project("foo-bar").orElseThrow();
    assertThat(page.name().displayName()).isEqualTo("Foo.Bar");
    assertThat(page.files()).hasSize(2);
    assertThat(index.projects().projects().get(0).name().displayName()).isEqualTo("Foo.Bar");
    assertThat(index.project("Foo.Bar")).isEmpty();
  }

  @Test
  void equivalentVersionsAreOneReleaseForYank() throws IOException {
    publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", wheel("foo", "1.0"));
    publish(index, "foo", "1.0.0", "foo-1.0.0.tar.gz", sdist("foo", "1.0.0"));
    publish(index, "foo", "1.0.1", "foo-1.0.1.tar.gz", sdist("foo", "1.0.1"));

    index.yank("foo", "1.0", "bad build");

    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().yanked()).isTrue();
    assertThat(index.file("foo", "foo-1.0.0.tar.gz").orElseThrow().yanked()).isTrue();
    assertThat(index.file("foo", "foo-1.0.1.tar.gz").orElseThrow().yanked()).isFalse();

    index.unyank("foo", "1.0.0");

    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().yanked()).isFalse();
    assertThat(index.file("foo", "foo-1.0.0.tar.gz").orElseThrow().yanked()).isFalse();
  }

  @Test
  void equivalentVersionsAreListedOnce() throws IOException {
    publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", wheel("foo", "1.0"));
    publish(index, "foo", "1.0.0", "foo-1.0.0.tar.gz", sdist("foo", "1.0.0"));

    assertThat(index.project("foo").orElseThrow().versions()).containsExactly("1.0");
  }

  @Test
  void releaseIsNamedByItsFirstFile() throws IOException {
    ProjectIndex ticking = builder().clock(new SteppingClock()).build();
    publish(ticking, "foo", "1.0.0", "foo-1.0.0.tar.gz", sdist("foo", "1.0.0"));
    publish(ticking, "foo", "1.0", "foo-1.0-py3-none-any.whl", wheel("foo", "1.0"));
    publish(ticking, "foo", "0.9", "foo-0.9.tar.gz", sdist("foo", "0.9"));

    assertThat(ticking.project("foo").orElseThrow().versions()).containsExactly("0.9", "1.0.0");
  }

  /** A clock that moves one second forward each time it is read. */
  private static final class SteppingClock extends Clock {
    private final AtomicLong seconds = new AtomicLong(1_700_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.getAndIncrement());
    }
  }

  @Test
  void localVersionsAreAllowedByDefault() throws IOException {
    assertThat(publishWheel("foo", "1.0+cpu")).isEqualTo(PublishResult.CREATED);
    assertThat(index.file("foo", "foo-1.0+cpu-py3-none-any.whl").orElseThrow().version()).isEqualTo("1.0+cpu");
  }

  @Test
  void localVersionsAreRefusedWhenDisallowed() throws IOException {
    ProjectIndex strict = builder().allowLocalVersions(false).build();

    assertThatThrownBy(() -> publish(strict, "foo", "1.0+cpu", wheelName("foo", "1.0+cpu"), wheel("foo", "1.0+cpu")))
        .isInstanceOf(InvalidUploadException.class)
        .hasMessageContaining("1.0+cpu")
        .hasMessageContaining("local");
    assertThat(strict.serial()).isZero();
    assertThat(storeKeys()).isEmpty();
  }

  // ---- re-uploads and overwrites ------------------------------------------------------------

  @Test
  void identicalReUploadAlreadyExistedWithoutNewSerial() throws IOException {
    publishWheel("foo", "1.0");
    List<String> keys = storeKeys();

    assertThat(publishWheel("foo", "1.0")).isEqualTo(PublishResult.ALREADY_EXISTED);

    assertThat(index.serial()).isEqualTo(1);
    assertThat(storeKeys()).isEqualTo(keys);
  }

  @Test
  void differentBytesUnderAnExistingFilenameAreRefusedAndLeaveNothingBehind() throws IOException {
    byte[] original = wheel("foo", "1.0");
    publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", original);
    List<String> keys = storeKeys();
    RenderedPage page = page("foo", SimpleFormat.HTML);

    assertThatThrownBy(() -> publish(index, "foo", "1.0", "foo-1.0-py3-none-any.whl", wheel("foo", "1.0", "x = 1\n")))
        .isInstanceOf(FileExistsException.class)
        .hasMessageStartingWith("File already exists")
        .hasMessageContaining("foo-1.0-py3-none-any.whl");

    assertThat(index.serial()).isEqualTo(1);
    assertThat(storeKeys()).isEqualTo(keys);
    assertThat(page("foo", SimpleFormat.HTML)).isSameAs(page);
    assertThat(read(index.openFile("foo", "foo-1.0-py3-none-any.whl"))).isEqualTo(original);
  }

  @Test
  void overwriteAllowedReplacesTheFileAndDeletesTheOldBlob() throws IOException {
    ProjectIndex lenient = builder().overwritePolicy(OverwritePolicy.ALLOW).build();
    byte[] original = wheel("foo", "1.0");
    byte[] replacement = wheel("foo", "1.0", "x = 1\n");
    publish(lenient, "foo", "1.0", "foo-1.0-py3-none-any.whl", original);

    assertThat(publish(lenient, "foo", "1.0", "foo-1.0-py3-none-any.whl", replacement)).isEqualTo(PublishResult.REPLACED);

    assertThat(lenient.serial()).isEqualTo(2);
    assertThat(read(lenient.openFile("foo", "foo-1.0-py3-none-any.whl"))).isEqualTo(replacement);
    assertThat(lenient.file("foo", "foo-1.0-py3-none-any.whl").orElseThrow().sha256()).isEqualTo(sha256(replacement));
    String newDir = "files/foo/" + sha256(replacement).substring(0, 32) + "/";
    assertThat(storeKeys())
        .filteredOn(k -> k.startsWith("files/"))
        .containsExactlyInAnyOrder(newDir + "foo-1.0-py3-none-any.whl", newDir + "foo-1.0-py3-none-any.whl.metadata");
  }

  // ---- yank and delete ----------------------------------------------------------------------

  @Test
  void yankWithReasonShowsOnThePages() throws IOException {
    publishWheel("foo", "1.0");

    index.yank("foo", "1.0", "broken build");

    assertThat(index.project("foo").orElseThrow().files().get(0).yank().reason()).contains("broken build");
    assertThat(text(page("foo", SimpleFormat.HTML))).contains("data-yanked=\"broken build\"");
    JsonNode file = JSON.readTree(page("foo", SimpleFormat.JSON_V1).toByteArray()).get("files").get(0);
    assertThat(file.get("yanked").asText()).isEqualTo("broken build");
  }

  @Test
  void yankWithoutReasonIsPlainlyYanked() throws IOException {
    publishWheel("foo", "1.0");

    index.yank("foo", "1.0", "");

    FileEntry entry = index.project("foo").orElseThrow().files().get(0);
    assertThat(entry.yank().isYanked()).isTrue();
    assertThat(entry.yank().reason()).isEmpty();
    JsonNode file = JSON.readTree(page("foo", SimpleFormat.JSON_V1).toByteArray()).get("files").get(0);
    assertThat(file.get("yanked").asBoolean()).isTrue();
  }

  @Test
  void unyankClearsTheYank() throws IOException {
    publishWheel("foo", "1.0");
    index.yank("foo", "1.0", "broken");

    index.unyank("foo", "1.0");

    FileEntry entry = index.project("foo").orElseThrow().files().get(0);
    assertThat(entry.yank().isYanked()).isFalse();
    assertThat(text(page("foo", SimpleFormat.HTML))).doesNotContain("data-yanked");
  }

  @Test
  void deleteFileRemovesTheFileAndItsMetadataBlob() throws IOException {
    publishWheel("foo", "1.0");
    publishSdist("foo", "1.0");

    index.deleteFile("foo", "foo-1.0-py3-none-any.whl");

    assertThat(index.file("foo", "foo-1.0-py3-none-any.whl")).isEmpty();
    assertThat(index.openFile("foo", "foo-1.0-py3-none-any.whl")).isEmpty();
    assertThat(index.project("foo").orElseThrow().files()).extracting(FileEntry::filename).containsExactly("foo-1.0.tar.gz");
    assertThat(storeKeys()).filteredOn(k -> k.startsWith("files/")).singleElement().asString().endsWith("/foo-1.0.tar.gz");
  }

  @Test
  void deletingTheLastFileRemovesTheProject() throws IOException {
    publishWheel("foo", "1.0");
    publishWheel("bar", "1.0");

    index.deleteFile("foo", "foo-1.0-py3-none-any.whl");

    assertThat(index.project("foo")).isEmpty();
    assertThat(index.renderProject("foo", SimpleFormat.HTML)).isEmpty();
    assertThat(index.projects().projects()).extracting(e -> e.name().normalized()).containsExactly("bar");
    assertThat(storeKeys()).filteredOn(k -> k.startsWith("files/foo/")).isEmpty();
  }

  @Test
  void unknownProjectReleaseOrFileIsNotFound() throws IOException {
    publishWheel("foo", "1.0");

    assertThatThrownBy(() -> index.yank("nope", "1.0", "")).isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> index.unyank("nope", "1.0")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> index.yank("foo", "2.0", "")).isInstanceOf(NotFoundException.class).hasMessageContaining("2.0");
    assertThatThrownBy(() -> index.unyank("foo", "2.0")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> index.deleteFile("foo", "foo-2.0.tar.gz"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("foo-2.0.tar.gz");
    assertThatThrownBy(() -> index.deleteFile("nope", "nope-1.0.tar.gz")).isInstanceOf(NotFoundException.class);
    assertThat(index.serial()).isEqualTo(1);
  }

  // ---- URLs ---------------------------------------------------------------------------------

  @Test
  void fileUrlsAreRelativeAndPercentEncodedByDefault() throws IOException {
    publishWheel("foo", "1.0+cpu");

    FileEntry entry = index.project("foo").orElseThrow().files().get(0);

    assertThat(entry.url()).isEqualTo("../../files/foo/foo-1.0%2Bcpu-py3-none-any.whl");
    assertThat(text(page("foo", SimpleFormat.HTML))).contains("href=\"../../files/foo/foo-1.0%2Bcpu-py3-none-any.whl#sha256=");
  }

  @Test
  void fileUrlBaseMakesAbsoluteFileUrls() throws IOException {
    ProjectIndex absolute = builder().fileUrlBase("https://pypi.example.com/").build();
    publish(absolute, "Foo.Bar", "1.0", "foo_bar-1.0-py3-none-any.whl", wheel("Foo.Bar", "1.0"));

    FileEntry entry = absolute.project("foo-bar").orElseThrow().files().get(0);

    assertThat(entry.url()).isEqualTo("https://pypi.example.com/files/foo-bar/foo_bar-1.0-py3-none-any.whl");
    JsonNode file = JSON.readTree(absolute.renderProject("foo-bar", SimpleFormat.JSON_V1).orElseThrow().toByteArray()).get("files").get(0);
    assertThat(file.get("url").asText()).isEqualTo("https://pypi.example.com/files/foo-bar/foo_bar-1.0-py3-none-any.whl");
  }
}
