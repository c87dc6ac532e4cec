package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.mypi.core.simple.ProjectStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots in JSON (read and written with the streaming API since issue 7, restart time) and in
 * binary hold every value of every project and file, and snapshots written by older versions load.
 */
class SnapshotFormatTest {
  private static final String SHA = "3b21680d815759dbe8d0a4e6ce49f17b6efa3c805a9d30debb3528b0bae89b74";
  private static final String META_SHA = "43e154809338eae3610581fb86bfaca0d1b8de09c348fe98ec4d758d9bab8084";
  private static final String MD5 = "f8c64296397bdf6e1edbc59b024c3cd2";
  private static final String BLAKE = "59474f59574b5e735304059b30069aa0beb99d4970776e9da0abf8320866ee04";

  /** A wheel uploaded with every digest, yanked with a reason, with Requires-Python and metadata. */
  private static final FileRecord YANKED_WHEEL =
      new FileRecord("foo-1.0-py3-none-any.whl", "1.0", FileRecord.filesKey("foo", SHA, "foo-1.0-py3-none-any.whl"), 1234, SHA, MD5, BLAKE,
          ">=3.8", FileRecord.filesKey("foo", SHA, "foo-1.0-py3-none-any.whl.metadata"), META_SHA, "2024-01-02T03:04:05.123456789Z",
          "bdist_wheel", "py3", true, "broken build");
  /** An sdist with SHA-256 only, no metadata, a time without fraction. */
  private static final FileRecord PLAIN_SDIST =
      new FileRecord("foo-1.0.tar.gz", "1.0", FileRecord.filesKey("foo", SHA, "foo-1.0.tar.gz"), 0, SHA, null, null, null, null, null,
          "1969-12-31T23:59:59Z", "sdist", "source", false, null);
  /** Imported from a flat folder (key = filename), MD5 only, yanked without a reason. */
  private static final FileRecord IMPORTED =
      new FileRecord("bar-2.0-py2.py3-none-any.whl", "2.0", "bar-2.0-py2.py3-none-any.whl", 99, SHA, MD5, null, "", null, null,
          "2026-11-21T15:38:06.1Z", "bdist_wheel", "", true, null);
  /** Values without a compact form: kept as text. */
  private static final FileRecord UNUSUAL =
      new FileRecord("baz-3.0-py3-none-any.whl", "3.0", "sub/dir/baz.whl", Long.MAX_VALUE, SHA.toUpperCase(), "not-hex", "abcd", "<4",
          "elsewhere/baz.metadata", "43E1", "2026-11-21T15:38:06+01:00", "bdist_wheel", "py3", false, null);
  /** Non-ASCII text and a time before year 1000. */
  private static final FileRecord UNICODE =
      new FileRecord("ünï-1.0.tar.gz", "1.0", "files/ünï/" + SHA.substring(0, 32) + "/ünï-1.0.tar.gz", 5, BLAKE, null, BLAKE, null, null,
          null, "0999-02-28T00:00:00.000Z", "sdist", "source", false, null);

  private static ProjectState project(
      String normalized, String displayName, long lastSerial, ProjectStatus status, String reason, List<String> owners,
      FileRecord... files) {
    ImmutableSortedMap.Builder<String, FileRecord> map = ImmutableSortedMap.naturalOrder();
    for (FileRecord f : files) {
      map.put(f.filename(), f);
    }
    return new ProjectState(normalized, displayName, map.buildOrThrow(), lastSerial, status, reason, ImmutableSortedSet.copyOf(owners));
  }

  private static Journal.Snapshot everything() {
    return new Journal.Snapshot(
        42,
        List.of(
            project("foo", "Foo", 41, ProjectStatus.ACTIVE, null, List.of("alice"), YANKED_WHEEL, PLAIN_SDIST),
            project("bar", "bar", 7, ProjectStatus.ARCHIVED, "moved to qux", List.of(), IMPORTED),
            project("baz", "Baz", 3, ProjectStatus.QUARANTINED, null, List.of("bob", "carol"), UNUSUAL),
            project("unicode", "Ünï", 42, ProjectStatus.DEPRECATED, "use ïnü", List.of("dävid"), UNICODE),
            project("empty", "Empty", 1, ProjectStatus.ACTIVE, null, List.of())));
  }

  private static byte[] json(Journal.Snapshot snapshot) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SnapshotJson().write(snapshot, out);
    return out.toByteArray();
  }

  private static Journal.Snapshot readJson(byte[] json) throws IOException {
    return new SnapshotJson().read(new ByteArrayInputStream(json));
  }

  private static byte[] binary(Journal.Snapshot snapshot) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotBinary.write(snapshot, out);
    return out.toByteArray();
  }

  private static Journal.Snapshot readBinary(byte[] binary) throws IOException {
    return SnapshotBinary.read(new ByteArrayInputStream(binary));
  }

  @Test
  void jsonRoundTripKeepsEveryValue() throws IOException {
    Journal.Snapshot snapshot = everything();

    Journal.Snapshot read = readJson(json(snapshot));

    assertThat(read).isEqualTo(snapshot);
    assertThat(json(read)).isEqualTo(json(snapshot));
  }

  @Test
  void binaryRoundTripKeepsEveryValue() throws IOException {
    Journal.Snapshot snapshot = everything();

    Journal.Snapshot read = readBinary(binary(snapshot));

    assertThat(read).isEqualTo(snapshot);
    assertThat(json(read)).as("the same JSON as the original").isEqualTo(json(snapshot));
    FileRecord wheel = read.projects().get(0).files().get("foo-1.0-py3-none-any.whl");
    assertThat(wheel.yanked()).isTrue();
    assertThat(wheel.yankReason()).isEqualTo("broken build");
    assertThat(wheel.md5()).isEqualTo(MD5);
    assertThat(wheel.blake2b256()).isEqualTo(BLAKE);
    assertThat(wheel.metadataSha256()).isEqualTo(META_SHA);
    assertThat(wheel.requiresPython()).isEqualTo(">=3.8");
    assertThat(wheel.uploadTime()).isEqualTo("2024-01-02T03:04:05.123456789Z");
    FileRecord sdist = read.projects().get(0).files().get("foo-1.0.tar.gz");
    assertThat(sdist.md5()).isNull();
    assertThat(sdist.blake2b256()).isNull();
    assertThat(sdist.metadataKey()).isNull();
    assertThat(read.projects().get(1).statusReason()).isEqualTo("moved to qux");
    assertThat(read.projects().get(2).owners()).containsExactly("bob", "carol");
    assertThat(read.projects().get(3).displayName()).isEqualTo("Ünï");
    assertThat(read.projects().get(2).files().get("baz-3.0-py3-none-any.whl").sha256()).isEqualTo(SHA.toUpperCase());
  }

  @Test
  void binarySnapshotSharesStringsWithRecordsMadeElsewhere() throws IOException {
    Journal.Snapshot read = readBinary(binary(everything()));

    FileRecord wheel = read.projects().get(0).files().get("foo-1.0-py3-none-any.whl");
    assertThat(wheel.version()).isSameAs(PLAIN_SDIST.version());
    assertThat(wheel.filetype()).isSameAs(YANKED_WHEEL.filetype());
  }

  @Test
  void jsonIsWhatTheDatabindWriterWrote() throws IOException {
    Journal.Snapshot snapshot =
        new Journal.Snapshot(3, List.of(project("foo", "Foo", 2, ProjectStatus.DEPRECATED, null, List.of("alice"), PLAIN_SDIST)));

    assertThat(new String(json(snapshot), StandardCharsets.UTF_8))
        .isEqualTo("{\"serial\":3,\"projects\":[{\"normalized\":\"foo\",\"displayName\":\"Foo\",\"lastSerial\":2,\"status\":\"DEPRECATED\","
            + "\"statusReason\":\"\",\"files\":[{\"filename\":\"foo-1.0.tar.gz\",\"version\":\"1.0\","
            + "\"blobKey\":\"files/foo/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0.tar.gz\",\"size\":0,\"sha256\":\"" + SHA + "\","
            + "\"uploadTime\":\"1969-12-31T23:59:59Z\",\"filetype\":\"sdist\",\"pyversion\":\"source\",\"yanked\":false}],"
            + "\"owners\":[\"alice\"]}]}");
  }

  @Test
  void snapshotOfAnOlderVersionLoads() throws IOException {
    // given: no owners, explicit nulls, properties in another order, a property this version does not know
    String old = "{\"projects\":[{\"normalized\":\"foo\",\"displayName\":\"Foo\",\"lastSerial\":2,\"status\":\"ACTIVE\",\"statusReason\":\"\","
        + "\"files\":[{\"version\":\"1.0\",\"filename\":\"foo-1.0.tar.gz\",\"blobKey\":\"foo-1.0.tar.gz\",\"size\":\"283\",\"sha256\":\"" + SHA
        + "\",\"md5\":null,\"blake2b256\":null,\"requiresPython\":null,\"metadataKey\":null,\"metadataSha256\":null,"
        + "\"uploadTime\":\"2024-01-02T03:04:05.120Z\",\"filetype\":\"sdist\",\"pyversion\":\"source\",\"yanked\":true,\"yankReason\":null,"
        + "\"future\":{\"nested\":[1,2,{\"x\":null}]}}]}],\"serial\":2,\"future\":[]}";

    Journal.Snapshot read = readJson(old.getBytes(StandardCharsets.UTF_8));

    assertThat(read.serial()).isEqualTo(2);
    ProjectState foo = read.projects().get(0);
    assertThat(foo.owners()).isEmpty();
    assertThat(foo.statusReason()).isNull();
    assertThat(foo.status()).isEqualTo(ProjectStatus.ACTIVE);
    assertThat(foo.files().values())
        .containsExactly(
            new FileRecord("foo-1.0.tar.gz", "1.0", "foo-1.0.tar.gz", 283, SHA, null, null, null, null, null, "2024-01-02T03:04:05.120Z",
                "sdist", "source", true, null));
  }

  @Test
  void unknownStatusOfANewerVersionIsReadAsActive() throws IOException {
    String json = "{\"serial\":1,\"projects\":[{\"normalized\":\"foo\",\"status\":\"RETIRED\",\"files\":[]}]}";

    ProjectState foo = readJson(json.getBytes(StandardCharsets.UTF_8)).projects().get(0);

    assertThat(foo.status()).isEqualTo(ProjectStatus.ACTIVE);
    assertThat(foo.displayName()).isEqualTo("foo");
  }

  @Test
  void truncatedJsonIsAnError() throws IOException {
    byte[] json = json(everything());
    for (int cut : new int[] {0, 1, json.length / 3, json.length - 1}) {
      assertThatThrownBy(() -> readJson(Arrays.copyOf(json, cut))).as("cut at %d", cut).isInstanceOf(IOException.class);
    }
  }

  @Test
  void fileRecordWithoutARequiredValueIsAnErrorThatNamesIt() {
    String json = "{\"serial\":1,\"projects\":[{\"normalized\":\"foo\",\"files\":[{\"filename\":\"foo-1.0.tar.gz\",\"version\":\"1.0\"}]}]}";

    assertThatThrownBy(() -> readJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("'blobKey'");
  }

  @Test
  void everyTruncationOfABinarySnapshotIsAnError() throws IOException {
    byte[] binary = binary(everything());
    for (int cut = 0; cut < binary.length; cut++) {
      byte[] truncated = Arrays.copyOf(binary, cut);
      assertThatThrownBy(() -> readBinary(truncated)).as("cut at %d", cut).isInstanceOf(IOException.class);
    }
  }

  @Test
  void everyFlippedByteOfABinarySnapshotIsAnError() throws IOException {
    byte[] binary = binary(everything());
    for (int i = 0; i < binary.length; i++) {
      byte[] damaged = binary.clone();
      damaged[i] ^= (byte) 0x5a;
      assertThatThrownBy(() -> readBinary(damaged)).as("byte %d", i).isInstanceOf(IOException.class);
    }
  }

  @Test
  void binarySnapshotOfAnotherFormatNumberIsAnError() throws IOException {
    byte[] binary = binary(everything());
    binary[8] = 2; // the varint after the magic

    assertThatThrownBy(() -> readBinary(binary)).isInstanceOf(IOException.class).hasMessageContaining("format 2");
  }

  @Test
  void dataAfterTheChecksumIsAnError() throws IOException {
    byte[] binary = binary(everything());

    assertThatThrownBy(() -> readBinary(Arrays.copyOf(binary, binary.length + 1))).isInstanceOf(IOException.class);
  }
}
