package dev.mypi.core.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.internal.upload.SpoolWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadParserTest {
  private static final UploadParser PARSER = UploadParser.create(UploadLimits.defaults());
  private static final UploadParser ALL_DIGESTS =
      UploadParser.create(
          UploadLimits.defaults(), UploadRules.builder().verifyAllDigests(true).build());
  private static final byte[] WHEEL = "hello wheel\n".getBytes(UTF_8);

  /** A sink that keeps what it reads, for small test files. */
  private static final class CapturingSink implements ContentSink {
    final List<String> filenames = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void accept(String filename, InputStream content) throws IOException {
      filenames.add(filename);
      content.transferTo(bytes);
    }
  }

  private static Upload parse(byte[] body, ContentSink sink) throws IOException {
    return PARSER.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), sink);
  }

  private static Upload parse(byte[] body) throws IOException {
    return parse(body, new CapturingSink());
  }

  @Test
  void parsesTwineShapedBodyIntoTypedFieldsAndStreamsTheFile() throws IOException {
    byte[] body =
        MultipartBody.create()
            .twineFields(WHEEL)
            .file("content", "foo-1.0-py3-none-any.whl", WHEEL)
            .end()
            .bytes();
    CapturingSink sink = new CapturingSink();

    Upload upload =
        ALL_DIGESTS.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), sink);

    assertThat(upload.action()).isEqualTo(UploadAction.FILE_UPLOAD);
    assertThat(upload.protocolVersion()).contains("1");
    assertThat(upload.name()).contains("foo");
    assertThat(upload.version()).contains("1.0");
    assertThat(upload.filetype()).contains("bdist_wheel");
    assertThat(upload.pyversion()).contains("py3");
    assertThat(upload.metadataVersion()).contains("2.1");
    assertThat(upload.summary()).contains("A test package");
    assertThat(upload.classifiers())
        .containsExactly(
            "Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License");
    assertThat(upload.requiresDist()).containsExactly("requests>=2");
    assertThat(upload.md5Digest()).isEmpty();
    assertThat(sink.filenames).containsExactly("foo-1.0-py3-none-any.whl");
    assertThat(sink.bytes.toByteArray()).isEqualTo(WHEEL);
    UploadedFile file = upload.content().orElseThrow();
    assertThat(file.filename()).isEqualTo("foo-1.0-py3-none-any.whl");
    assertThat(file.size()).isEqualTo(WHEEL.length);
    // reference values from Python's hashlib (md5, sha256, blake2b(digest_size=32))
    assertThat(file.digests())
        .isEqualTo(
            new FileDigests(
                "0c932d051a77eec1c4b236c905b150cc",
                "2cdbc7cb0275621a80fd5ebec89f6d6d9d2d6fe0c93eb3e70d03c78d4ee98207",
                "3602ec7cd915f6d26bfcace13e35ca57f8173d947d85d5f31174eab0fbce065b"));
    assertThat(upload.sha256Digest()).contains(file.digests().sha256());
  }

  @Test
  void keepsFieldsSentAfterTheFilePart() throws IOException {
    byte[] body =
        MultipartBody.create()
            .field("name", "foo")
            .file("content", "foo-1.0.tar.gz", WHEEL)
            .field("version", "1.0")
            .field(":action", "file_upload")
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.name()).contains("foo");
    assertThat(upload.version()).contains("1.0");
    assertThat(upload.actionName()).contains("file_upload");
    assertThat(upload.content()).isPresent();
  }

  @Test
  void findsTheRealBoundaryWhenContentContainsBoundaryLikeBytes() throws IOException {
    String b = MultipartBody.BOUNDARY;
    byte[] content =
        ("--" + b + "\r\n" // at the very start of the part, not after a line break
                + "x--" + b + "\r\n" // mid-line
                + "\r\n--" + b.substring(0, b.length() - 1) + "\r\n" // one char short
                + "\n--" + b.substring(0, 10) + "\n"
                + "\r\n-" + b + "\r\n"
                + "\r\r\n\r\n--")
            .getBytes(UTF_8);
    byte[] body =
        MultipartBody.create()
            .file("content", "foo-1.0.tar.gz", content)
            .field("name", "foo")
            .end()
            .bytes();
    CapturingSink sink = new CapturingSink();

    Upload upload = parse(body, sink);

    assertThat(sink.bytes.toByteArray()).isEqualTo(content);
    assertThat(upload.content().orElseThrow().digests())
        .isEqualTo(MultipartBody.digestsOf(content));
    assertThat(upload.name()).contains("foo");
  }

  @Test
  void acceptsBareLfLineEnds() throws IOException {
    byte[] body =
        MultipartBody.withLineEnd("lfboundary", "\n")
            .field("name", "foo")
            .file("content", "foo-1.0.tar.gz", WHEEL)
            .field("version", "1.0")
            .end()
            .bytes();

    Upload upload =
        PARSER.parse(
            "multipart/form-data; boundary=lfboundary",
            new ByteArrayInputStream(body),
            (f, in) -> {});

    assertThat(upload.name()).contains("foo");
    assertThat(upload.version()).contains("1.0");
    assertThat(upload.content().orElseThrow().size()).isEqualTo(WHEEL.length);
  }

  @Test
  void acceptsQuotedBoundaryWithPreambleAndEpilogue() throws IOException {
    String boundary = "a b=c/d:e?f";
    byte[] body =
        MultipartBody.withLineEnd(boundary, "\r\n")
            .raw("This is the preamble.\r\nIt is ignored.\r\n")
            .field("name", "foo")
            .end()
            .raw("This is the epilogue, also ignored. --" + boundary + "\r\n")
            .bytes();

    Upload upload =
        PARSER.parse(
            "Multipart/Form-Data; charset=utf-8; boundary=\"" + boundary + "\"",
            new ByteArrayInputStream(body),
            (f, in) -> {});

    assertThat(upload.name()).contains("foo");
  }

  @Test
  void acceptsUnquotedBoundary() throws IOException {
    byte[] body = MultipartBody.withLineEnd("----x=y", "\r\n").field("name", "foo").end().bytes();

    Upload upload =
        PARSER.parse(
            "multipart/form-data;boundary=----x=y", new ByteArrayInputStream(body), (f, in) -> {});

    assertThat(upload.name()).contains("foo");
  }

  @Test
  void computesOnlySha256WhenTheFormSentItBeforeTheFile() throws IOException {
    byte[] body =
        MultipartBody.create()
            .twineFields(WHEEL) // sha256_digest and blake2_256_digest, then the file, as twine
            .file("content", "foo-1.0-py3-none-any.whl", WHEEL)
            .end()
            .bytes();

    FileDigests digests = parse(body).content().orElseThrow().digests();

    assertThat(digests)
        .isEqualTo(new FileDigests(null, MultipartBody.digestsOf(WHEEL).sha256(), null));
  }

  @Test
  void computesEveryDigestWhenTheDigestsFollowTheFile() throws IOException {
    FileDigests expected = MultipartBody.digestsOf(WHEEL);
    byte[] body =
        MultipartBody.create()
            .field("name", "foo")
            .file("content", "foo-1.0-py3-none-any.whl", WHEEL)
            .field("sha256_digest", expected.sha256())
            .end()
            .bytes();

    assertThat(parse(body).content().orElseThrow().digests()).isEqualTo(expected);
  }

  @Test
  void spoolsALargeFileThroughTheSpoolWritersBuffersWithEveryDigestOfItsBytes(@TempDir Path dir)
      throws IOException {
    // Past its first MiBs, the spool writer has the file part read straight into its native
    // buffers and hashed there (ContentStream as a DirectInput); this checks the bytes and the
    // digests that way, with a body that arrives a few KiB at a time, around the chunk sizes.
    int inline = 4 << 20; // SpoolWriter.INLINE_BYTES
    int chunk = 1 << 20; // SpoolWriter.CHUNK_SIZE
    int[] bulkSizes = {1, chunk - 1, 3 * chunk + 12_345};
    for (int bulk : bulkSizes) {
      byte[] content = new byte[inline + bulk];
      new java.util.SplittableRandom(bulk).nextBytes(content);
      FileDigests expected = MultipartBody.digestsOf(content);
      byte[] body =
          MultipartBody.create()
              .field("name", "big")
              .file("content", "big-1.0.tar.gz", content)
              .field("version", "1.0")
              .field("md5_digest", expected.md5())
              .field("sha256_digest", expected.sha256())
              .field("blake2_256_digest", expected.blake2b256())
              .end()
              .bytes();
      Path spool = Files.createFile(dir.resolve("spool-" + bulk));

      Upload upload =
          PARSER.parse(
              MultipartBody.contentType(),
              new FilterInputStream(new ByteArrayInputStream(body)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  return super.read(b, off, Math.min(len, 9_000));
                }
              },
              (f, in) -> SpoolWriter.write(in, spool));

      UploadedFile file = upload.content().orElseThrow();
      assertThat(file.size()).as("bulk part of %d bytes", bulk).isEqualTo(content.length);
      assertThat(file.digests()).as("bulk part of %d bytes", bulk).isEqualTo(expected);
      assertThat(Files.readAllBytes(spool)).as("bulk part of %d bytes", bulk).isEqualTo(content);
    }
  }

  @Test
  void aFileOverTheLimitIsRefusedWhileTheSpoolWriterReadsIntoItsBuffers(@TempDir Path dir) throws IOException {
    int limit = (4 << 20) + (3 << 20) / 2; // past SpoolWriter's inline part, inside its third chunk
    byte[] content = new byte[limit + 1];
    byte[] body =
        MultipartBody.create().field("name", "big").file("content", "big-1.0.tar.gz", content).field("version", "1.0").end().bytes();
    Path spool = Files.createFile(dir.resolve("spool"));
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFileSize(limit).build());

    assertThatThrownBy(() -> parser.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), (f, in) -> SpoolWriter.write(in, spool)))
        .isInstanceOf(UploadTooLargeException.class)
        .hasMessageContaining("limit is " + limit + " bytes");
  }

  @Test
  void computesBlake2AndSha256WhenBlake2IsTheStrongestDigestBeforeTheFile() throws IOException {
    FileDigests expected = MultipartBody.digestsOf(WHEEL);
    byte[] body =
        MultipartBody.create()
            .field("md5_digest", expected.md5())
            .field("blake2_256_digest", expected.blake2b256())
            .file("content", "foo-1.0-py3-none-any.whl", WHEEL)
            .end()
            .bytes();

    assertThat(parse(body).content().orElseThrow().digests())
        .isEqualTo(new FileDigests(null, expected.sha256(), expected.blake2b256()));
  }

  @Test
  void streamsBinaryContentWithEveryByteValueUnchanged() throws IOException {
    byte[] content = new byte[256 * 40 + 1];
    for (int i = 0; i < content.length - 1; i++) {
      content[i] = (byte) (i * 7 + i / 256);
    }
    content[content.length - 1] = '\r'; // a trailing CR stays part of the file
    byte[] body =
        MultipartBody.create().file("content", "foo-1.0.tar.gz", content).end().bytes();
    CapturingSink sink = new CapturingSink();

    Upload upload = parse(body, sink);

    assertThat(sink.bytes.toByteArray()).isEqualTo(content);
    assertThat(upload.content().orElseThrow().digests())
        .isEqualTo(MultipartBody.digestsOf(content));
  }

  @Test
  void streamsCorrectlyWhenTheBodyAndTheSinkReadInTinyPieces() throws IOException {
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i % 3 == 0 ? '\n' : i % 5 == 0 ? '-' : i);
    }
    byte[] body =
        MultipartBody.create()
            .twineFields(content)
            .file("content", "foo-1.0-py3-none-any.whl", content)
            .field("comment", "after")
            .end()
            .bytes();
    InputStream trickle = new TrickleInputStream(new ByteArrayInputStream(body));
    ByteArrayOutputStream received = new ByteArrayOutputStream();

    Upload upload =
        ALL_DIGESTS.parse(
            MultipartBody.contentType(),
            trickle,
            (f, in) -> {
              int b;
              while ((b = in.read()) >= 0) {
                received.write(b);
              }
            });

    assertThat(received.toByteArray()).isEqualTo(content);
    assertThat(upload.content().orElseThrow().digests())
        .isEqualTo(MultipartBody.digestsOf(content));
    assertThat(upload.comment()).contains("after");
    assertThat(upload.classifiers()).hasSize(2);
  }

  @Test
  void recoversExactBytesOfRandomContentFullOfNearBoundaries() throws IOException {
    java.util.Random random = new java.util.Random(7);
    String b = MultipartBody.BOUNDARY;
    String[] pieces = {"\r", "\n", "--", "\r\n--", "\n--" + b.substring(0, 20), "\r\n--" + b.substring(0, b.length() - 1)};
    for (int round = 0; round < 40; round++) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      int count = random.nextInt(400);
      for (int i = 0; i < count; i++) {
        if (random.nextBoolean()) {
          content.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(UTF_8));
        } else {
          byte[] noise = new byte[random.nextInt(3000)];
          random.nextBytes(noise);
          content.writeBytes(noise);
        }
      }
      byte[] expected = content.toByteArray();
      if (new String(expected, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n--" + b)) {
        continue; // the noise completed a real delimiter: such content is not allowed in a part
      }
      byte[] body =
          MultipartBody.create()
              .file("content", "foo-1.0.tar.gz", expected)
              .field("version", "1." + round)
              .end()
              .bytes();
      int maxRead = 1 + random.nextInt(70_000);
      InputStream chunky =
          new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
              return super.read(buf, off, Math.min(len, 1 + random.nextInt(maxRead)));
            }
          };
      ByteArrayOutputStream received = new ByteArrayOutputStream();

      Upload upload =
          PARSER.parse(MultipartBody.contentType(), chunky, (f, in) -> in.transferTo(received));

      assertThat(received.toByteArray()).as("round %d", round).isEqualTo(expected);
      assertThat(upload.version()).contains("1." + round);
    }
  }

  @Test
  void acceptsAnEmptyFile() throws IOException {
    byte[] body =
        MultipartBody.create()
            .file("content", "foo-1.0.tar.gz", new byte[0])
            .field("name", "foo")
            .end()
            .bytes();

    Upload upload = parse(body);

    UploadedFile file = upload.content().orElseThrow();
    assertThat(file.size()).isZero();
    assertThat(file.digests().sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(file.digests().blake2b256())
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(upload.name()).contains("foo");
  }

  @Test
  void drainsAndHashesWhatTheSinkDidNotRead() throws IOException {
    byte[] content = new byte[1_000_000];
    Arrays.fill(content, (byte) 'x');
    byte[] body =
        MultipartBody.create()
            .file("content", "foo-1.0.tar.gz", content)
            .field("version", "1.0")
            .end()
            .bytes();

    Upload upload = parse(body, (f, in) -> in.readNBytes(10));

    UploadedFile file = upload.content().orElseThrow();
    assertThat(file.size()).isEqualTo(content.length);
    assertThat(file.digests()).isEqualTo(MultipartBody.digestsOf(content));
    assertThat(upload.version()).contains("1.0");
  }

  @Test
  void parses200MiBGeneratedStreamWithConstantMemorySink() throws IOException {
    long size = 200L * 1024 * 1024;
    byte[] head =
        MultipartBody.create()
            .field("name", "big")
            .raw("--" + MultipartBody.BOUNDARY + "\r\n")
            .raw("Content-Disposition: form-data; name=\"content\"; filename=\"big-1.0.tar.gz\"\r\n\r\n")
            .bytes();
    byte[] tail =
        MultipartBody.create().raw("\r\n").field("version", "1.0").end().bytes();
    GeneratedContent generated = new GeneratedContent(size);
    InputStream body =
        new java.io.SequenceInputStream(
            java.util.Collections.enumeration(
                List.of(new ByteArrayInputStream(head), generated, new ByteArrayInputStream(tail))));
    long[] sinkCount = {0};
    UploadLimits limits = UploadLimits.builder().maxFileSize(size).build();

    Upload upload =
        UploadParser.create(limits)
            .parse(
                MultipartBody.contentType(),
                body,
                (f, in) -> {
                  byte[] buffer = new byte[64 * 1024];
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    sinkCount[0] += n;
                  }
                });

    assertThat(sinkCount[0]).isEqualTo(size);
    UploadedFile file = upload.content().orElseThrow();
    assertThat(file.size()).isEqualTo(size);
    assertThat(file.digests()).isEqualTo(generated.digests());
    assertThat(upload.version()).contains("1.0");
  }

  @Test
  void rejectsTruncatedBodyWithoutClosingBoundary() {
    byte[] full =
        MultipartBody.create().field("name", "foo").file("content", "foo-1.0.tar.gz", WHEEL).end().bytes();
    byte[] truncated = Arrays.copyOf(full, full.length - 20);

    assertThatThrownBy(() -> parse(truncated))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessageContaining("ended before its closing boundary");
  }

  @Test
  void rejectsBodyThatStopsAfterAFieldWithoutClosingDelimiter() {
    byte[] body = MultipartBody.create().field("name", "foo").bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessageContaining("ended before its closing boundary");
  }

  @Test
  void rejectsEmptyBody() {
    assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(InvalidUploadException.class);
  }

  @Test
  void rejectsContentTypeWithoutBoundary() {
    assertThatThrownBy(
            () -> PARSER.parse("multipart/form-data", new ByteArrayInputStream(new byte[0]), (f, in) -> {}))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("Content-Type multipart/form-data has no boundary parameter");
  }

  @Test
  void rejectsContentTypeThatIsNotMultipart() {
    assertThatThrownBy(
            () -> PARSER.parse("application/json", new ByteArrayInputStream(new byte[0]), (f, in) -> {}))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("Upload must be multipart/form-data, not 'application/json'");
  }

  @Test
  void rejectsMissingContentType() {
    assertThatThrownBy(() -> PARSER.parse(null, new ByteArrayInputStream(new byte[0]), (f, in) -> {}))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessageContaining("no Content-Type");
  }

  @Test
  void rejectsHugePartHeadersNamingTheSetting() {
    byte[] body =
        MultipartBody.create()
            .raw("--" + MultipartBody.BOUNDARY + "\r\n")
            .raw("Content-Disposition: form-data; name=\"name\"\r\n")
            .raw("X-Padding: " + "a".repeat(20_000) + "\r\n\r\nfoo\r\n")
            .end()
            .bytes();

    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            UploadTooLargeException.class,
            e -> assertThat(e.setting()).isEqualTo("maxPartHeaderBytes"))
        .hasMessage("Part headers too large: limit is 16384 bytes (UploadLimits.maxPartHeaderBytes)");
  }

  @Test
  void rejectsTooManyParts() {
    MultipartBody body = MultipartBody.create();
    for (int i = 0; i < 11; i++) {
      body.field("classifiers", "C" + i);
    }
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxParts(10).build());

    assertThatThrownBy(
            () ->
                parser.parse(
                    MultipartBody.contentType(),
                    new ByteArrayInputStream(body.end().bytes()),
                    (f, in) -> {}))
        .isExactlyInstanceOf(UploadTooLargeException.class)
        .hasMessage("Too many parts: limit is 10 (UploadLimits.maxParts)");
  }

  @Test
  void rejectsOversizedFileNamingTheSettingAndNeverHandsTheSinkMoreThanTheLimit() {
    byte[] content = new byte[1001];
    byte[] body = MultipartBody.create().file("content", "foo-1.0.tar.gz", content).end().bytes();
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFileSize(1000).build());
    long[] seen = {0};

    assertThatThrownBy(
            () ->
                parser.parse(
                    MultipartBody.contentType(),
                    new ByteArrayInputStream(body),
                    (f, in) -> {
                      byte[] buffer = new byte[4096];
                      int n;
                      while ((n = in.read(buffer)) >= 0) {
                        seen[0] += n;
                      }
                    }))
        .isInstanceOfSatisfying(
            UploadTooLargeException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("maxFileSize");
              assertThat(e.limit()).isEqualTo(1000);
            })
        .hasMessage("File too large: limit is 1000 bytes (UploadLimits.maxFileSize)");
    assertThat(seen[0]).isEqualTo(1000);
  }

  @Test
  void defaultsToPyPIsFileLimitOf100MiB() {
    assertThat(UploadLimits.defaults().maxFileSize()).isEqualTo(104857600L);
  }

  @Test
  void acceptsFileExactlyAtTheLimit() throws IOException {
    byte[] content = new byte[1000];
    byte[] body = MultipartBody.create().file("content", "foo-1.0.tar.gz", content).end().bytes();
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFileSize(1000).build());

    Upload upload =
        parser.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), (f, in) -> {});

    assertThat(upload.content().orElseThrow().size()).isEqualTo(1000);
  }

  @Test
  void rethrowsTheLimitFailureWhenTheSinkWrapsIt() {
    byte[] body =
        MultipartBody.create().file("content", "foo-1.0.tar.gz", new byte[2000]).end().bytes();
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFileSize(1000).build());

    assertThatThrownBy(
            () ->
                parser.parse(
                    MultipartBody.contentType(),
                    new ByteArrayInputStream(body),
                    (f, in) -> {
                      try {
                        in.readAllBytes();
                      } catch (RuntimeException e) {
                        throw new IOException("storage failed", e);
                      }
                    }))
        .isExactlyInstanceOf(UploadTooLargeException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void rejectsFileEvenWhenTheSinkSwallowsTheLimitFailure() {
    byte[] body =
        MultipartBody.create().file("content", "foo-1.0.tar.gz", new byte[2000]).end().bytes();
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFileSize(1000).build());

    assertThatThrownBy(
            () ->
                parser.parse(
                    MultipartBody.contentType(),
                    new ByteArrayInputStream(body),
                    (f, in) -> {
                      try {
                        in.readAllBytes();
                      } catch (UploadTooLargeException ignored) {
                        // a careless sink
                      }
                    }))
        .isExactlyInstanceOf(UploadTooLargeException.class);
  }

  @Test
  void propagatesTheSinksIoException() {
    byte[] body = MultipartBody.create().file("content", "foo-1.0.tar.gz", WHEEL).end().bytes();

    assertThatThrownBy(
            () ->
                parse(
                    body,
                    (f, in) -> {
                      throw new IOException("disk full");
                    }))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  @Test
  void rejectsOversizedTextFieldNamingTheSetting() {
    byte[] body =
        MultipartBody.create().field("description", "d".repeat(101)).end().bytes();
    UploadParser parser = UploadParser.create(UploadLimits.builder().maxFieldSize(100).build());

    assertThatThrownBy(
            () -> parser.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), (f, in) -> {}))
        .isExactlyInstanceOf(UploadTooLargeException.class)
        .hasMessage(
            "Form field 'description' too large: limit is 100 bytes (UploadLimits.maxFieldSize)");
  }

  @Test
  void rejectsTextFieldsLargerThanTheTotalLimit() {
    byte[] body =
        MultipartBody.create()
            .field("summary", "s".repeat(60))
            .field("description", "d".repeat(60))
            .end()
            .bytes();
    UploadParser parser =
        UploadParser.create(UploadLimits.builder().maxTotalFieldBytes(100).build());

    assertThatThrownBy(
            () -> parser.parse(MultipartBody.contentType(), new ByteArrayInputStream(body), (f, in) -> {}))
        .isExactlyInstanceOf(UploadTooLargeException.class)
        .hasMessageContaining("(UploadLimits.maxTotalFieldBytes)");
  }

  @Test
  void rejectsNonUtf8TextField() {
    byte[] body =
        MultipartBody.create()
            .field("summary", new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'})
            .end()
            .bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("Form field 'summary' is not valid UTF-8");
  }

  @Test
  void decodesUtf8TextFieldsAndFilenames() throws IOException {
    byte[] body =
        MultipartBody.create()
            .field("author", "Zoë Ñandú 日本")
            .file("content", "zoë-1.0.tar.gz", WHEEL)
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.author()).contains("Zoë Ñandú 日本");
    assertThat(upload.content().orElseThrow().filename()).isEqualTo("zoë-1.0.tar.gz");
  }

  @Test
  void prefersRfc5987FilenameAndUnescapesQuotedStrings() throws IOException {
    byte[] body =
        MultipartBody.create()
            .raw("--" + MultipartBody.BOUNDARY + "\r\n")
            .raw(
                "content-disposition: form-data; name=\"content\"; filename=\"fallback.tar.gz\";"
                    + " filename*=UTF-8''z%C3%B6-1.0.tar.gz\r\n\r\n")
            .raw("x\r\n")
            .raw("--" + MultipartBody.BOUNDARY + "\r\n")
            .raw("Content-Disposition: form-data; name=\"sum\\\"mary\"\r\n\r\nq\r\n")
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.content().orElseThrow().filename()).isEqualTo("zö-1.0.tar.gz");
    assertThat(upload.otherFields().get("sum\"mary")).containsExactly("q");
  }

  @Test
  void treatsUnknownAndEmptyValuesAsAbsent() throws IOException {
    byte[] body =
        MultipartBody.create()
            .field("license", "UNKNOWN")
            .field("home_page", " UNKNOWN ")
            .field("summary", "")
            .field("classifiers", "")
            .field("classifiers", "Topic :: Utilities")
            .field("keywords", "UNKNOWN")
            .field("keywords", "a, b")
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.license()).isEmpty();
    assertThat(upload.homePage()).isEmpty();
    assertThat(upload.summary()).isEmpty();
    assertThat(upload.classifiers()).containsExactly("Topic :: Utilities");
    assertThat(upload.keywords()).contains("a, b");
  }

  @Test
  void rejectsSingleUseFieldSentTwice() {
    byte[] body =
        MultipartBody.create().field("version", "1.0").field("version", "2.0").end().bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("'version' has invalid data");
  }

  @Test
  void rejectsTextFieldSentAsFilePart() {
    byte[] body =
        MultipartBody.create().file("summary", "summary.txt", WHEEL).end().bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("summary: Should not be a tuple.");
  }

  @Test
  void rejectsContentSentAsTextField() {
    byte[] body = MultipartBody.create().field("content", "not a file").end().bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("Upload payload does not have a file.");
  }

  @Test
  void rejectsSecondContentFilePart() {
    byte[] body =
        MultipartBody.create()
            .file("content", "a-1.0.tar.gz", WHEEL)
            .file("content", "b-1.0.tar.gz", WHEEL)
            .end()
            .bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessage("'content' has invalid data");
  }

  @Test
  void ignoresGpgSignatureFilePart() throws IOException {
    byte[] body =
        MultipartBody.create()
            .file("content", "foo-1.0.tar.gz", WHEEL)
            .file("gpg_signature", "foo-1.0.tar.gz.asc", "-----BEGIN PGP".getBytes(UTF_8))
            .end()
            .bytes();
    CapturingSink sink = new CapturingSink();

    Upload upload = parse(body, sink);

    assertThat(sink.filenames).containsExactly("foo-1.0.tar.gz");
    assertThat(upload.otherFields().isEmpty()).isTrue();
  }

  @Test
  void mergesBothSpellingsOfImportNames() throws IOException {
    byte[] body =
        MultipartBody.create()
            .field("import_name", "foo")
            .field("import_names", "foo.bar")
            .field("import_namespace", "ns")
            .field("import_namespaces", "ns2")
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.importNames()).containsExactly("foo", "foo.bar");
    assertThat(upload.importNamespaces()).containsExactly("ns", "ns2");
  }

  @Test
  void keepsUnknownFieldsAndHeaderStyleNamesInOtherFields() throws IOException {
    byte[] body =
        MultipartBody.create()
            .field("attestations", "[]")
            .field("Description-Content-Type", "text/markdown")
            .field("attestations", "[{}]")
            .end()
            .bytes();

    Upload upload = parse(body);

    assertThat(upload.otherFields().get("attestations")).containsExactly("[]", "[{}]");
    assertThat(upload.otherFields().get("Description-Content-Type")).containsExactly("text/markdown");
    assertThat(upload.descriptionContentType()).isEmpty();
  }

  @Test
  void rejectsPartWithoutContentDisposition() {
    byte[] body =
        MultipartBody.create()
            .raw("--" + MultipartBody.BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n")
            .end()
            .bytes();

    assertThatThrownBy(() -> parse(body))
        .isExactlyInstanceOf(InvalidUploadException.class)
        .hasMessageContaining("no Content-Disposition");
  }

  /** Returns at most 7 bytes per read, like a slow network. */
  private static final class TrickleInputStream extends FilterInputStream {
    private int turn;

    TrickleInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + (turn++ % 7)));
    }
  }

  /**
   * A 1 MiB random block served over and over up to {@code size}, hashed as it is served (the
   * reference digests); nothing but the block is held in memory.
   */
  private static final class GeneratedContent extends InputStream {
    private final long size;
    private final byte[] block = new byte[1 << 20];
    private final java.security.MessageDigest md5;
    private final java.security.MessageDigest sha256;
    private final org.bouncycastle.crypto.digests.Blake2bDigest blake2b =
        new org.bouncycastle.crypto.digests.Blake2bDigest(256);
    private long produced;

    GeneratedContent(long size) {
      this.size = size;
      new java.util.Random(42).nextBytes(block);
      try {
        md5 = java.security.MessageDigest.getInstance("MD5");
        sha256 = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new UncheckedIOException(new IOException(e));
      }
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (produced == size) {
        return -1;
      }
      int at = (int) (produced % block.length);
      int n = (int) Math.min(Math.min(len, size - produced), block.length - at);
      System.arraycopy(block, at, b, off, n);
      md5.update(b, off, n);
      sha256.update(b, off, n);
      blake2b.update(b, off, n);
      produced += n;
      return n;
    }

    FileDigests digests() {
      byte[] blake = new byte[32];
      blake2b.doFinal(blake, 0);
      java.util.HexFormat hex = java.util.HexFormat.of();
      return new FileDigests(
          hex.formatHex(md5.digest()), hex.formatHex(sha256.digest()), hex.formatHex(blake));
    }
  }
}
