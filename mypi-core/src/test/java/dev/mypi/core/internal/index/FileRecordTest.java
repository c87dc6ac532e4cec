package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact in-memory record (issue 7: RSS with 100,000 files) writes exactly the JSON it was read from. */
class FileRecordTest {
  private static final ObjectMapper JSON = Journal.newMapper();

  /** A record as an older jar wrote it at a folder import: every digest, blob key = filename. */
  private static final String IMPORTED_WITH_ALL_DIGESTS =
      "{\"filename\":\"alpha_py_42136-1.0.7-py3-none-any.whl\",\"version\":\"1.0.7\",\"blobKey\":\"alpha_py_42136-1.0.7-py3-none-any.whl\","
          + "\"size\":1026,\"sha256\":\"dcbbc270a67be0ffd1af4aa9441362d275053abad9bb0e0e6da3a3152b953c1d\","
          + "\"md5\":\"f8c64296397bdf6e1edbc59b024c3cd2\",\"blake2b256\":\"59474f59574b5e735304059b30069aa0beb99d4970776e9da0abf8320866ee04\","
          + "\"requiresPython\":\">=3.8\",\"metadataKey\":\"files/alpha-py-42136/dcbbc270a67be0ffd1af4aa9441362d2/alpha_py_42136-1.0.7-py3-none-any.whl.metadata\","
          + "\"metadataSha256\":\"43e154809338eae3610581fb86bfaca0d1b8de09c348fe98ec4d758d9bab8084\",\"uploadTime\":\"2026-11-21T15:38:06.299834297Z\","
          + "\"filetype\":\"bdist_wheel\",\"pyversion\":\"\",\"yanked\":false}";

  /** An uploaded sdist: blob key under files/, SHA-256 only, millisecond time. */
  private static final String UPLOADED_SDIST =
      "{\"filename\":\"foo-1.0.tar.gz\",\"version\":\"1.0\",\"blobKey\":\"files/foo/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0.tar.gz\","
          + "\"size\":283,\"sha256\":\"3b21680d815759dbe8d0a4e6ce49f17b6efa3c805a9d30debb3528b0bae89b74\","
          + "\"uploadTime\":\"2024-01-02T03:04:05.120Z\",\"filetype\":\"sdist\",\"pyversion\":\"source\",\"yanked\":false}";

  /** Values without a compact form: upper-case hex, keys of another layout, a FileTime-style time, a yank reason. */
  private static final String UNUSUAL =
      "{\"filename\":\"bar-2.0-py3-none-any.whl\",\"version\":\"2.0\",\"blobKey\":\"sub/dir/bar-2.0-py3-none-any.whl\","
          + "\"size\":7,\"sha256\":\"DCBBC270A67BE0FFD1AF4AA9441362D275053ABAD9BB0E0E6DA3A3152B953C1D\",\"md5\":\"not-hex\","
          + "\"blake2b256\":\"abcd\",\"metadataKey\":\"elsewhere/bar.metadata\",\"metadataSha256\":\"43E1\","
          + "\"uploadTime\":\"2026-11-21T15:38:06.12Z\",\"filetype\":\"bdist_wheel\",\"pyversion\":\"py3\",\"yanked\":true,"
          + "\"yankReason\":\"broken\"}";

  private static FileRecord read(String json) throws IOException {
    return JSON.readValue(json, FileRecord.class);
  }

  @Test
  void recordWithEveryDigestFromAnOlderJarWritesTheSameJson() throws IOException {
    assertThat(JSON.writeValueAsString(read(IMPORTED_WITH_ALL_DIGESTS))).isEqualTo(IMPORTED_WITH_ALL_DIGESTS);
  }

  @Test
  void uploadedRecordWritesTheSameJson() throws IOException {
    assertThat(JSON.writeValueAsString(read(UPLOADED_SDIST))).isEqualTo(UPLOADED_SDIST);
  }

  @Test
  void valuesWithoutACompactFormAreKeptAsTheyAre() throws IOException {
    FileRecord record = read(UNUSUAL);

    assertThat(JSON.writeValueAsString(record)).isEqualTo(UNUSUAL);
    assertThat(record.sha256()).isEqualTo("DCBBC270A67BE0FFD1AF4AA9441362D275053ABAD9BB0E0E6DA3A3152B953C1D");
    assertThat(record.blobKey()).isEqualTo("sub/dir/bar-2.0-py3-none-any.whl");
    assertThat(record.yankReason()).isEqualTo("broken");
    assertThat(record.uploadInstant()).isEqualTo(Instant.parse("2026-11-21T15:38:06.120Z"));
  }

  @Test
  void accessorsGiveTheRecordedText() throws IOException {
    FileRecord record = read(IMPORTED_WITH_ALL_DIGESTS);

    assertThat(record.sha256()).isEqualTo("dcbbc270a67be0ffd1af4aa9441362d275053abad9bb0e0e6da3a3152b953c1d");
    assertThat(record.md5()).isEqualTo("f8c64296397bdf6e1edbc59b024c3cd2");
    assertThat(record.blake2b256()).isEqualTo("59474f59574b5e735304059b30069aa0beb99d4970776e9da0abf8320866ee04");
    assertThat(record.metadataSha256()).isEqualTo("43e154809338eae3610581fb86bfaca0d1b8de09c348fe98ec4d758d9bab8084");
    assertThat(record.blobKey()).isSameAs(record.filename());
    assertThat(record.metadataKey())
        .isEqualTo("files/alpha-py-42136/dcbbc270a67be0ffd1af4aa9441362d2/alpha_py_42136-1.0.7-py3-none-any.whl.metadata");
    assertThat(record.uploadInstant()).isEqualTo(Instant.parse("2026-11-21T15:38:06.299834297Z"));
    assertThat(record.yankReason()).isNull();
  }

  @Test
  void timesKeepTheirNumberOfFractionDigits() {
    for (String time : List.of("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.100Z", "2024-01-02T03:04:05.000000001Z",
        "2024-01-02T03:04:05.000Z", "1969-12-31T23:59:59.5Z", "2024-01-02T03:04:05+01:00", "yesterday")) {
      assertThat(record("foo-1.0.tar.gz", "foo-1.0.tar.gz", time, false).uploadTime()).isEqualTo(time);
    }
  }

  @Test
  void recordsOfTheSameValuesAreEqual() throws IOException {
    assertThat(read(UPLOADED_SDIST)).isEqualTo(read(UPLOADED_SDIST)).hasSameHashCodeAs(read(UPLOADED_SDIST));
    assertThat(read(UPLOADED_SDIST)).isNotEqualTo(read(IMPORTED_WITH_ALL_DIGESTS));
    assertThat(read(UNUSUAL)).isEqualTo(read(UNUSUAL));
  }

  @Test
  void yankingKeepsEveryOtherValue() throws IOException {
    FileRecord record = read(UPLOADED_SDIST);

    FileRecord yanked = record.withYank(true, "bad build");

    assertThat(yanked.yanked()).isTrue();
    assertThat(yanked.yankReason()).isEqualTo("bad build");
    assertThat(yanked.withYank(false, "ignored")).isEqualTo(record);
  }

  @Test
  void aMetadataKeyOfAnotherProjectThanTheBlobKeyIsKeptAsItIs() {
    String sha = "3b21680d815759dbe8d0a4e6ce49f17b6efa3c805a9d30debb3528b0bae89b74";
    FileRecord record =
        new FileRecord("foo-1.0-py3-none-any.whl", "1.0", "files/foo/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0-py3-none-any.whl", 1, sha,
            null, null, null, "files/bar/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0-py3-none-any.whl.metadata", sha,
            "2024-01-02T03:04:05Z", "bdist_wheel", "", false, null);

    assertThat(record.blobKey()).isEqualTo("files/foo/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0-py3-none-any.whl");
    assertThat(record.metadataKey()).isEqualTo("files/bar/3b21680d815759dbe8d0a4e6ce49f17b/foo-1.0-py3-none-any.whl.metadata");
  }

  @Test
  void journalEntryOfAnImportWritesTheSameJson() throws IOException {
    String entry = "{\"serial\":391,\"time\":\"2026-11-21T15:42:50.364280187Z\",\"action\":\"import-files\",\"project\":\"\","
        + "\"imports\":[{\"project\":\"alpha-py-42136\",\"displayName\":\"alpha-_Py_42136\",\"file\":" + IMPORTED_WITH_ALL_DIGESTS + "},"
        + "{\"project\":\"foo\",\"displayName\":\"foo\",\"file\":" + UPLOADED_SDIST + "}]}";

    assertThat(JSON.writeValueAsString(JSON.readValue(entry, JournalEntry.class))).isEqualTo(entry);
  }

  private static FileRecord record(String filename, String blobKey, String time, boolean yanked) {
    return new FileRecord(filename, "1.0", blobKey, 1, "3b21680d815759dbe8d0a4e6ce49f17b6efa3c805a9d30debb3528b0bae89b74", null, null,
        null, null, null, time, "sdist", "source", yanked, null);
  }
}
