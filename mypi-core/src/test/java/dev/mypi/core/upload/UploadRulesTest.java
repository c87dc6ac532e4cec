package dev.mypi.core.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UploadRulesTest {
  private static final byte[] BYTES = "hello wheel\n".getBytes(UTF_8);
  private static final FileDigests DIGESTS = MultipartBody.digestsOf(BYTES);
  private static final UploadRules RULES = UploadRules.defaults();

  /** A valid wheel upload as twine sends it. */
  private static Upload.Builder wheel() {
    return Upload.builder()
        .action("file_upload")
        .protocolVersion("1")
        .metadataVersion("2.1")
        .name("foo")
        .version("1.0")
        .filetype("bdist_wheel")
        .pyversion("py3")
        .sha256Digest(DIGESTS.sha256())
        .blake2256Digest(DIGESTS.blake2b256())
        .content(file("foo-1.0-py3-none-any.whl"));
  }

  private static Upload.Builder sdist() {
    return wheel().filetype("sdist").pyversion("source").content(file("foo-1.0.tar.gz"));
  }

  private static UploadedFile file(String filename) {
    return new UploadedFile(filename, BYTES.length, DIGESTS);
  }

  private static void assertRejected(Upload.Builder upload, String message) {
    assertThatThrownBy(() -> RULES.check(upload.build()))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsValidWheelUploadUnchanged() {
    Upload upload = wheel().build();

    assertThat(RULES.check(upload)).isEqualTo(upload);
  }

  @Test
  void acceptsSdistAndZipSdist() {
    assertThat(RULES.check(sdist().build()).filetype()).contains("sdist");
    assertThat(RULES.check(sdist().content(file("foo-1.0.zip")).build()).filetype())
        .contains("sdist");
  }

  @Test
  void answersNoOpActionsWithAKindTheHttpLayerMapsTo200() {
    Upload submit = wheel().action("submit").build();

    assertThat(submit.action()).isEqualTo(UploadAction.NO_OP);
    assertThat(wheel().action("verify").build().action()).isEqualTo(UploadAction.NO_OP);
    assertThatThrownBy(() -> RULES.check(submit))
        .isInstanceOfSatisfying(
            UnsupportedUploadActionException.class,
            e -> assertThat(e.kind()).isEqualTo(UploadAction.NO_OP));
  }

  @Test
  void rejectsDocUploadAsRetiredAction() {
    assertThatThrownBy(() -> RULES.check(wheel().action("doc_upload").build()))
        .isInstanceOfSatisfying(
            UnsupportedUploadActionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UploadAction.RETIRED);
              assertThat(e.action()).isEqualTo("doc_upload");
            })
        .hasMessageStartingWith("Uploading documentation is no longer supported");
  }

  @Test
  void rejectsSubmitPkgInfoAsRetiredAction() {
    assertThatThrownBy(() -> RULES.check(wheel().action("submit_pkg_info").build()))
        .isInstanceOfSatisfying(
            UnsupportedUploadActionException.class,
            e -> assertThat(e.kind()).isEqualTo(UploadAction.RETIRED))
        .hasMessageStartingWith("Project pre-registration is no longer required");
  }

  @Test
  void rejectsUnknownOrMissingAction() {
    assertThatThrownBy(() -> RULES.check(wheel().action("remove_pkg").build()))
        .isInstanceOfSatisfying(
            UnsupportedUploadActionException.class,
            e -> assertThat(e.kind()).isEqualTo(UploadAction.UNKNOWN))
        .hasMessage("Unknown action 'remove_pkg'; use ':action=file_upload'.");
    assertThatThrownBy(() -> RULES.check(wheel().clear(UploadField.ACTION).build()))
        .isInstanceOfSatisfying(
            UnsupportedUploadActionException.class,
            e -> assertThat(e.kind()).isEqualTo(UploadAction.UNKNOWN))
        .hasMessageContaining("no ':action' field");
  }

  @Test
  void rejectsUnknownProtocolVersion() {
    assertRejected(wheel().protocolVersion("2"), "Unknown protocol version.");
  }

  @Test
  void treatsMissingProtocolVersionAsVersion1() {
    assertThat(RULES.check(wheel().clear(UploadField.PROTOCOL_VERSION).build())).isNotNull();
  }

  @Test
  void rejectsUploadWithoutFile() {
    Upload.Builder noFile = Upload.builder();
    wheel().build().fields().forEach(noFile::set);

    assertRejected(noFile, "Upload payload does not have a file.");
  }

  @Test
  void rejectsMissingNameVersionOrFiletypeNamingTheField() {
    assertRejected(
        wheel().clear(UploadField.NAME), "Invalid value for name. Error: This field is required.");
    assertRejected(
        wheel().clear(UploadField.VERSION),
        "Invalid value for version. Error: This field is required.");
    assertRejected(
        wheel().clear(UploadField.FILETYPE),
        "Invalid value for filetype. Error: This field is required.");
  }

  @Test
  void rejectsUnknownFiletype() {
    assertRejected(
        wheel().filetype("bdist_wininst"), "Invalid value for filetype. Error: Use a known file type.");
  }

  @Test
  void rejectsEggsByDefault() {
    assertRejected(
        wheel().filetype("bdist_egg").content(file("foo-1.0-py3.11.egg")),
        "Invalid value for filetype. Error: Use a known file type.");
  }

  @Test
  void acceptsEggsWhenTheRulesAllowThem() {
    UploadRules eggs = UploadRules.builder().allowEggs(true).build();

    Upload upload =
        eggs.check(wheel().filetype("bdist_egg").content(file("foo-1.0-py3.11.egg")).build());

    assertThat(upload.filetype()).contains("bdist_egg");
    assertThat(eggs.toBuilder().build()).isEqualTo(eggs);
  }

  @Test
  void rejectsSdistWithPyversionOtherThanSource() {
    assertRejected(sdist().pyversion("py3"), "Use 'source' as Python version for an sdist.");
  }

  @Test
  void setsSourceAsPyversionOfSdistSentWithoutOne() {
    Upload checked = RULES.check(sdist().clear(UploadField.PYVERSION).build());

    assertThat(checked.pyversion()).contains("source");
  }

  @Test
  void rejectsBinaryDistributionWithoutPyversion() {
    assertRejected(
        wheel().clear(UploadField.PYVERSION),
        "Python version is required for binary distribution uploads.");
  }

  @Test
  void rejectsUploadWithoutAnyDigest() {
    assertRejected(
        wheel().clear(UploadField.SHA256_DIGEST).clear(UploadField.BLAKE2_256_DIGEST),
        "Include at least one message digest.");
  }

  @Test
  void rejectsMalformedDigests() {
    assertRejected(
        wheel().sha256Digest("xyz"),
        "Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.");
    assertRejected(
        wheel().blake2256Digest(DIGESTS.sha256() + "00"),
        "Invalid value for blake2_256_digest. Error: Use a valid, hex-encoded, BLAKE2 message"
            + " digest.");
    assertRejected(
        wheel().md5Digest("abc"),
        "Invalid value for md5_digest. Error: Use a valid, hex-encoded, MD5 message digest.");
  }

  @Test
  void rejectsUploadWithMismatchedSha256() {
    assertRejected(
        wheel().sha256Digest("0".repeat(64)),
        "The digest supplied does not match a digest calculated from the uploaded file.");
  }

  @Test
  void acceptsMismatchedBlake2AndMd5WhenTheSha256MatchesByDefault() {
    // a matching SHA-256 proves the bytes; the weaker digests are not even computed
    Upload upload = wheel().blake2256Digest("a".repeat(64)).md5Digest("a".repeat(32)).build();

    assertThat(RULES.check(upload)).isEqualTo(upload);
  }

  @Test
  void rejectsMismatchedBlake2OrMd5WhenVerifyingAllDigests() {
    UploadRules all = UploadRules.builder().verifyAllDigests(true).build();
    String message = "The digest supplied does not match a digest calculated from the uploaded file.";

    assertThatThrownBy(() -> all.check(wheel().blake2256Digest("a".repeat(64)).build()))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> all.check(wheel().md5Digest("a".repeat(32)).build()))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage(message);
    Upload matching = wheel().md5Digest(DIGESTS.md5()).build();
    assertThat(all.check(matching)).isEqualTo(matching);
  }

  @Test
  void verifiesBlake2WhenItIsTheStrongestDigestSent() {
    Upload.Builder noSha256 = wheel().clear(UploadField.SHA256_DIGEST);

    assertRejected(
        noSha256.blake2256Digest("a".repeat(64)).md5Digest(DIGESTS.md5()),
        "The digest supplied does not match a digest calculated from the uploaded file.");
    Upload wrongMd5 =
        wheel().clear(UploadField.SHA256_DIGEST).md5Digest("a".repeat(32)).build();
    assertThat(RULES.check(wrongMd5)).isEqualTo(wrongMd5);
  }

  @Test
  void verifiesMd5WhenItIsTheOnlyDigestSent() {
    Upload.Builder md5Only =
        wheel().clear(UploadField.SHA256_DIGEST).clear(UploadField.BLAKE2_256_DIGEST);

    assertRejected(
        md5Only.md5Digest("a".repeat(32)),
        "The digest supplied does not match a digest calculated from the uploaded file.");
    Upload matching = md5Only.md5Digest(DIGESTS.md5()).build();
    assertThat(RULES.check(matching)).isEqualTo(matching);
  }

  @Test
  void asksForSha256AloneWhenTheFormSentOneBeforeTheFile() {
    Upload before = Upload.builder().sha256Digest(DIGESTS.sha256()).md5Digest(DIGESTS.md5()).build();

    assertThat(RULES.digestsToCompute(before)).containsExactly(DigestAlgorithm.SHA256);
  }

  @Test
  void asksForTheWeakerDigestsOnlyWhileNoStrongerOneWasSent() {
    Upload blake2 = Upload.builder().blake2256Digest(DIGESTS.sha256()).build();
    Upload md5 = Upload.builder().md5Digest(DIGESTS.md5()).build();
    Upload none = Upload.builder().name("foo").build(); // digests may still follow the file part

    assertThat(RULES.digestsToCompute(blake2))
        .containsExactlyInAnyOrder(DigestAlgorithm.SHA256, DigestAlgorithm.BLAKE2B_256);
    assertThat(RULES.digestsToCompute(md5)).containsExactlyInAnyOrder(DigestAlgorithm.values());
    assertThat(RULES.digestsToCompute(none)).containsExactlyInAnyOrder(DigestAlgorithm.values());
  }

  @Test
  void asksForEveryDigestWhenVerifyingAll() {
    UploadRules all = UploadRules.builder().verifyAllDigests(true).build();
    Upload sha256 = Upload.builder().sha256Digest(DIGESTS.sha256()).build();

    assertThat(all.digestsToCompute(sha256)).containsExactlyInAnyOrder(DigestAlgorithm.values());
    assertThat(all.verifiesAllDigests()).isTrue();
    assertThat(all.toBuilder().build()).isEqualTo(all).isNotEqualTo(RULES);
    assertThat(RULES.verifiesAllDigests()).isFalse();
  }

  @Test
  void refusesToVerifyADigestThatWasNotComputed() {
    FileDigests sha256Only = new FileDigests(null, DIGESTS.sha256(), null);
    Upload upload =
        wheel()
            .clear(UploadField.SHA256_DIGEST)
            .content(new UploadedFile("foo-1.0-py3-none-any.whl", BYTES.length, sha256Only))
            .build();

    assertThatThrownBy(() -> RULES.check(upload))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BLAKE2B_256 digest of the file was not computed");
  }

  @Test
  void comparesDigestsIgnoringCase() {
    Upload upload =
        wheel()
            .sha256Digest(DIGESTS.sha256().toUpperCase(Locale.ROOT))
            .md5Digest(DIGESTS.md5().toUpperCase(Locale.ROOT))
            .build();

    assertThat(RULES.check(upload)).isEqualTo(upload);
  }

  @Test
  void acceptsASingleDigest() {
    assertThat(RULES.check(wheel().clear(UploadField.SHA256_DIGEST).build())).isNotNull();
  }

  @Test
  void rejectsFilenameWithControlCharacters() {
    String message =
        "Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character"
            + " (ordinal 127) in the name.";
    assertRejected(wheel().content(file("foo-1.0-py3-none-any\n.whl")), message);
    assertRejected(wheel().content(file("foo\u007f-1.0-py3-none-any.whl")), message);
  }

  @Test
  void rejectsFilenameWithSlashOrBackslash() {
    String message = "Cannot upload a file with '/' or '\\' in the name.";
    assertRejected(wheel().content(file("../foo-1.0-py3-none-any.whl")), message);
    assertRejected(wheel().content(file("..\\foo-1.0-py3-none-any.whl")), message);
  }

  @Test
  void rejectsFilenameWithQuotesMarkupOrSpaces() {
    // packaging accepts any character in a wheel's tags; an index must not store or link them
    assertRejected(
        wheel().content(file("foo-1.0-py3-none-any'x.whl")),
        "Cannot upload a file named 'foo-1.0-py3-none-any'x.whl': use only ASCII letters, digits,"
            + " '.', '_', '-', '+' and '!' in the name.");
    for (String name :
        List.of(
            "foo-1.0-py3-none-\"><script>.whl",
            "foo-1.0-py3-none-a&y.whl",
            "foo-1.0-py3-none-x86 64.whl",
            "foo-1.0-py3-none-any%00.whl",
            "foo-1.0-py3-none-any?.whl")) {
      assertThatThrownBy(() -> RULES.check(wheel().content(file(name)).build()))
          .isInstanceOf(InvalidUploadException.class)
          .hasMessageStartingWith("Cannot upload a file named '");
    }
  }

  @Test
  void rejectsFilenameWithLookAlikeOrInvisibleCharactersQuotingThemEscaped() {
    assertRejected(
        sdist().content(file("fl\u0430sk-1.0.tar.gz")),
        "Cannot upload a file named 'fl\\u0430sk-1.0.tar.gz': use only ASCII letters, digits,"
            + " '.', '_', '-', '+' and '!' in the name.");
    assertThatThrownBy(() -> RULES.check(sdist().content(file("\uff46lask-1.0.tar.gz")).build()))
        .hasMessageContaining("'\\uff46lask-1.0.tar.gz'");
    assertThatThrownBy(() -> RULES.check(sdist().content(file("fla\u200bsk-1.0.tar.gz")).build()))
        .hasMessageContaining("'fla\\u200bsk-1.0.tar.gz'");
    assertThatThrownBy(() -> RULES.check(sdist().content(file("flask-1.0\u202ezg.rat.tar.gz")).build()))
        .hasMessageContaining("'flask-1.0\\u202ezg.rat.tar.gz'");
  }

  @Test
  void acceptsEveryCharacterBuildToolsWriteInFilenames() {
    assertThat(RULES.check(wheel().content(file("Foo_Bar-1!2.0.post1+cpu.7-1abc-cp312-abi3-manylinux_2_17_x86_64.whl")).build()))
        .isNotNull();
  }

  @Test
  void rejectsUnknownFileExtension() {
    assertRejected(
        wheel().content(file("foo-1.0.exe")),
        "Invalid file extension: Use .tar.gz, .whl or .zip extension.");
    assertRejected(
        sdist().content(file("foo-1.0.tar.bz2")),
        "Invalid file extension: Use .tar.gz, .whl or .zip extension.");
  }

  @Test
  void rejectsExtensionThatDoesNotMatchTheFiletype() {
    assertRejected(
        wheel().content(file("foo-1.0.zip")),
        "Invalid file extension: Extension .zip is invalid for filetype bdist_wheel.");
    assertRejected(
        sdist().content(file("foo-1.0-py3-none-any.whl")),
        "Invalid file extension: Extension .whl is invalid for filetype sdist.");
  }

  @Test
  void rejectsEmptyFilename() {
    assertRejected(wheel().content(file("")), "Upload payload does not have a file.");
  }

  @Test
  void checksParsedTwineBodyEndToEnd() throws Exception {
    byte[] body =
        MultipartBody.create()
            .twineFields(BYTES)
            .file("content", "foo-1.0-py3-none-any.whl", BYTES)
            .end()
            .bytes();

    Upload upload =
        UploadParser.create(UploadLimits.defaults())
            .parse(
                MultipartBody.contentType(), new java.io.ByteArrayInputStream(body), (f, in) -> {});

    assertThat(RULES.check(upload)).isEqualTo(upload);
  }
}
