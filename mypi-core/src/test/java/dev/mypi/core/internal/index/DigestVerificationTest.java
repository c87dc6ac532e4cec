package dev.mypi.core.internal.index;

import static dev.mypi.core.internal.index.TestDistributions.BOUNDARY;
import static dev.mypi.core.internal.index.TestDistributions.CONTENT_TYPE;
import static dev.mypi.core.internal.index.TestDistributions.wheel;
import static dev.mypi.core.internal.index.TestDistributions.wheelName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.upload.InvalidUploadException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which digests an upload is checked against: by default the strongest one sent (SHA-256, else
 * BLAKE2b-256, else MD5), with {@code verifyAllDigests} every one, as warehouse does; and what the
 * index records.
 */
class DigestVerificationTest {
  private static final String MISMATCH =
      "The digest supplied does not match a digest calculated from the uploaded file.";
  private static final byte[] WHEEL = wheel("foo", "1.0");
  private static final String FILENAME = wheelName("foo", "1.0");

  @TempDir Path spool;
  private InMemoryBlobStore store;

  @BeforeEach
  void createStore() {
    store = InMemoryBlobStore.create();
  }

  private ProjectIndex index(boolean verifyAll) throws IOException {
    return ProjectIndex.builder(store).spoolDirectory(spool).verifyAllDigests(verifyAll).build();
  }

  private static PublishResult publish(ProjectIndex index, Map<String, String> digests) throws IOException {
    return index.publish(CONTENT_TYPE, new ByteArrayInputStream(body(digests)));
  }

  /** twine's form with the given digest fields, all before the file part as twine sends them. */
  private static byte[] body(Map<String, String> digests) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(":action", "file_upload");
    fields.put("protocol_version", "1");
    fields.put("name", "foo");
    fields.put("version", "1.0");
    fields.put("filetype", "bdist_wheel");
    fields.put("pyversion", "py3");
    fields.putAll(digests);
    fields.forEach(
        (name, value) ->
            out.writeBytes(
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + FILENAME
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(WHEEL);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String hex(String algorithm) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(WHEEL));
  }

  private static String blake2b256() {
    Blake2bDigest blake = new Blake2bDigest(256);
    blake.update(WHEEL, 0, WHEEL.length);
    byte[] out = new byte[32];
    blake.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }

  private JsonNode recordedFile() throws IOException {
    try (Blob blob = store.open(BlobKey.of(String.format("_mypi/journal/%020d.json", 1))).orElseThrow();
        InputStream in = blob.openStream()) {
      return new ObjectMapper().readTree(in).get("file");
    }
  }

  @Test
  void aMismatchingSha256IsRejected() throws Exception {
    ProjectIndex index = index(false);

    assertThatThrownBy(
            () -> publish(index, Map.of("md5_digest", hex("MD5"), "sha256_digest", "ab".repeat(32), "blake2_256_digest", blake2b256())))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(MISMATCH);
    assertThat(index.file("foo", FILENAME)).isEmpty();
  }

  @Test
  void weakerDigestsAreNeitherCheckedNorRecordedWhenTheSha256MatchesByDefault() throws Exception {
    ProjectIndex index = index(false);

    PublishResult result =
        publish(index, Map.of("md5_digest", "0".repeat(32), "sha256_digest", hex("SHA-256"), "blake2_256_digest", "0".repeat(64)));

    assertThat(result).isEqualTo(PublishResult.CREATED);
    JsonNode file = recordedFile();
    assertThat(file.get("sha256").asText()).isEqualTo(hex("SHA-256"));
    assertThat(file.has("md5")).isFalse();
    assertThat(file.has("blake2b256")).isFalse();
  }

  @Test
  void aMismatchingMd5OrBlake2IsRejectedWhenVerifyingAllDigests() throws Exception {
    ProjectIndex index = index(true);

    assertThatThrownBy(() -> publish(index, Map.of("md5_digest", "0".repeat(32), "sha256_digest", hex("SHA-256"))))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(MISMATCH);
    assertThatThrownBy(() -> publish(index, Map.of("sha256_digest", hex("SHA-256"), "blake2_256_digest", "0".repeat(64))))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(MISMATCH);
    assertThat(index.file("foo", FILENAME)).isEmpty();
  }

  @Test
  void everyDigestIsRecordedWhenVerifyingAllDigests() throws Exception {
    ProjectIndex index = index(true);

    publish(index, Map.of("md5_digest", hex("MD5"), "sha256_digest", hex("SHA-256"), "blake2_256_digest", blake2b256()));

    JsonNode file = recordedFile();
    assertThat(file.get("md5").asText()).isEqualTo(hex("MD5"));
    assertThat(file.get("blake2b256").asText()).isEqualTo(blake2b256());
  }

  @Test
  void anMd5SentAloneIsVerifiedAndRecorded() throws Exception {
    ProjectIndex index = index(false);

    assertThatThrownBy(() -> publish(index, Map.of("md5_digest", "0".repeat(32))))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(MISMATCH);
    assertThat(publish(index, Map.of("md5_digest", hex("MD5")))).isEqualTo(PublishResult.CREATED);
    assertThat(recordedFile().get("md5").asText()).isEqualTo(hex("MD5"));
  }

  @Test
  void blake2IsVerifiedWhenItIsTheStrongestDigestSent() throws Exception {
    ProjectIndex index = index(false);

    assertThatThrownBy(() -> publish(index, Map.of("md5_digest", hex("MD5"), "blake2_256_digest", "0".repeat(64))))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(MISMATCH);
    assertThat(publish(index, Map.of("md5_digest", "0".repeat(32), "blake2_256_digest", blake2b256())))
        .isEqualTo(PublishResult.CREATED);
    assertThat(recordedFile().get("blake2b256").asText()).isEqualTo(blake2b256());
  }

  @Test
  void recordsWithoutMd5OrBlake2ReadBackAfterARestart() throws Exception {
    try (ProjectIndex index = index(false)) {
      publish(index, Map.of("sha256_digest", hex("SHA-256")));
    }

    try (ProjectIndex reopened = index(false)) {
      assertThat(reopened.file("foo", FILENAME)).isPresent();
      assertThat(publish(reopened, Map.of("sha256_digest", hex("SHA-256")))).isEqualTo(PublishResult.ALREADY_EXISTED);
    }
  }
}
