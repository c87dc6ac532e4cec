package dev.mypi.core.metadata;

import static dev.mypi.core.metadata.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableListMultimap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CoreMetadataTest {

  @Test
  void parsesMetadata10WithLegacyDescriptionHeader() {
    // distutils-era PKG-INFO: the description is a folded header with 8-space indentation
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 1.0\n"
                    + "Name: oldpkg\n"
                    + "Version: 0.9\n"
                    + "Summary: An old package\n"
                    + "Home-page: http://example.com/\n"
                    + "Author: Jane\n"
                    + "Author-email: jane@example.com\n"
                    + "License: BSD\n"
                    + "Description: First line\n"
                    + "        \n"
                    + "        Indented:\n"
                    + "            code\n"
                    + "Platform: UNKNOWN\n"));

    assertThat(metadata.metadataVersion()).isEqualTo("1.0");
    assertThat(metadata.name()).isEqualTo("oldpkg");
    assertThat(metadata.version()).isEqualTo("0.9");
    assertThat(metadata.homePage()).hasValue("http://example.com/");
    assertThat(metadata.author()).hasValue("Jane");
    assertThat(metadata.authorEmail()).hasValue("jane@example.com");
    assertThat(metadata.license()).hasValue("BSD");
    assertThat(metadata.platforms()).containsExactly("UNKNOWN");
    assertThat(metadata.description()).hasValue("First line\n\nIndented:\n    code");
  }

  @Test
  void stripsPipePrefixesOfSpecificationStyleDescriptionHeader() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n"
                    + "Description: first\n"
                    + "       |second\n"
                    + "       |\n"
                    + "       |  indented | pipe\n"));

    assertThat(metadata.description()).hasValue("first\nsecond\n\n  indented | pipe");
  }

  @Test
  void parsesMetadata12WithDeprecatedAndDistFields() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 1.2\n"
                    + "Name: mid\n"
                    + "Version: 2.0\n"
                    + "Maintainer: Max\n"
                    + "Maintainer-email: max@example.com\n"
                    + "Requires-Python: >=2.6\n"
                    + "Requires-Dist: pkginfo\n"
                    + "Requires-Dist: zope.interface (>3.5.0)\n"
                    + "Provides-Dist: mid\n"
                    + "Obsoletes-Dist: oldmid (<2.0)\n"
                    + "Requires-External: libxml2\n"
                    + "Requires: os.path\n"
                    + "Provides: mid.core\n"
                    + "Obsoletes: gadfly\n"
                    + "Download-URL: https://example.com/mid-2.0.tar.gz\n"
                    + "Keywords: alpha beta\n"));

    assertThat(metadata.maintainer()).hasValue("Max");
    assertThat(metadata.maintainerEmail()).hasValue("max@example.com");
    assertThat(metadata.requiresPython()).hasValue(">=2.6");
    assertThat(metadata.requiresDist()).containsExactly("pkginfo", "zope.interface (>3.5.0)");
    assertThat(metadata.providesDist()).containsExactly("mid");
    assertThat(metadata.obsoletesDist()).containsExactly("oldmid (<2.0)");
    assertThat(metadata.requiresExternal()).containsExactly("libxml2");
    assertThat(metadata.requires()).containsExactly("os.path");
    assertThat(metadata.provides()).containsExactly("mid.core");
    assertThat(metadata.obsoletes()).containsExactly("gadfly");
    assertThat(metadata.downloadUrl()).hasValue("https://example.com/mid-2.0.tar.gz");
    assertThat(metadata.keywords()).hasValue("alpha beta");
    assertThat(metadata.keywordList()).containsExactly("alpha", "beta");
  }

  @Test
  void parsesMetadata21WithBodyDescriptionAndContentType() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 2.1\n"
                    + "Name: foo\n"
                    + "Version: 1.0\n"
                    + "Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM\n"
                    + "Provides-Extra: test\n"
                    + "Requires-Dist: pytest ; extra == 'test'\n"
                    + "Keywords: a, b ,c\n"
                    + "\n"
                    + "# Title\n\nBody text.\n"));

    assertThat(metadata.description()).hasValue("# Title\n\nBody text.\n");
    assertThat(metadata.descriptionContentType())
        .hasValue("text/markdown; charset=UTF-8; variant=GFM");
    assertThat(metadata.providesExtra()).containsExactly("test");
    assertThat(metadata.requiresDist()).containsExactly("pytest ; extra == 'test'");
    assertThat(metadata.keywordList()).containsExactly("a", "b", "c");
  }

  @Test
  void parsesMetadata24WithMultipleUseFieldsInFileOrder() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 2.4\n"
                    + "Name: foo-bar\n"
                    + "Version: 1.0\n"
                    + "Summary: A demo\n"
                    + "Author-email: Jane <jane@example.com>\n"
                    + "License-Expression: MIT\n"
                    + "License-File: LICENSE\n"
                    + "License-File: NOTICE\n"
                    + "Classifier: Programming Language :: Python :: 3\n"
                    + "Classifier: Operating System :: OS Independent\n"
                    + "Requires-Python: >=3.8\n"
                    + "Requires-Dist: requests>=2\n"
                    + "Requires-Dist: rich; extra == \"cli\"\n"
                    + "Provides-Extra: cli\n"
                    + "Project-URL: Homepage, https://example.com\n"
                    + "Project-URL: Issue Tracker , https://example.com/issues\n"
                    + "Dynamic: License-File\n"
                    + "Supported-Platform: manylinux2014_x86_64\n"
                    + "Description-Content-Type: text/markdown\n"
                    + "\n"
                    + "# foo-bar\nLong description in the body.\n"));

    assertThat(metadata.name()).isEqualTo("foo-bar");
    assertThat(metadata.summary()).hasValue("A demo");
    assertThat(metadata.licenseExpression()).hasValue("MIT");
    assertThat(metadata.licenseFiles()).containsExactly("LICENSE", "NOTICE");
    assertThat(metadata.classifiers())
        .containsExactly(
            "Programming Language :: Python :: 3", "Operating System :: OS Independent");
    assertThat(metadata.requiresDist()).containsExactly("requests>=2", "rich; extra == \"cli\"");
    assertThat(metadata.projectUrls())
        .containsExactly("Homepage, https://example.com", "Issue Tracker , https://example.com/issues");
    assertThat(metadata.projectUrlEntries())
        .containsExactly(
            new CoreMetadata.ProjectUrl("Homepage", "https://example.com"),
            new CoreMetadata.ProjectUrl("Issue Tracker", "https://example.com/issues"));
    assertThat(metadata.dynamic()).containsExactly("License-File");
    assertThat(metadata.supportedPlatforms()).containsExactly("manylinux2014_x86_64");
    assertThat(metadata.description()).hasValue("# foo-bar\nLong description in the body.\n");
    assertThat(metadata.license()).isEmpty();
    assertThat(metadata.unknownFields().isEmpty()).isTrue();
    assertThat(metadata.duplicateFields()).isEmpty();
  }

  @Test
  void parsesMetadata25ImportNames() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 2.5\nName: foo\nVersion: 1.0\n"
                    + "Import-Name: foo\nImport-Name: foo.bar\nImport-Namespace: ns\n"));

    assertThat(metadata.importNames()).containsExactly("foo", "foo.bar");
    assertThat(metadata.importNamespaces()).containsExactly("ns");
  }

  @Test
  void keepsContinuationLinesWithTheirLineBreaksAsEmailParserDoes() {
    // packaging.metadata.parse_email gives summary 'a\n  b\n\tc'
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: a\n  b\n\tc\n"));

    assertThat(metadata.summary()).hasValue("a\n  b\n\tc");
  }

  @Test
  void readsCrlfFilesKeepingTheirLineBreaksInValuesAndBody() {
    // packaging gives summary 'a\r\n  b' and description 'Body\r\nline2\r\n'
    byte[] raw =
        utf8(
            "Metadata-Version: 2.1\r\nName: foo\r\nVersion: 1.0\r\nSummary: a\r\n  b\r\n"
                + "Classifier: X\r\n\r\nBody\r\nline2\r\n");

    CoreMetadata metadata = CoreMetadata.parse(raw);

    assertThat(metadata.version()).isEqualTo("1.0");
    assertThat(metadata.summary()).hasValue("a\r\n  b");
    assertThat(metadata.classifiers()).containsExactly("X");
    assertThat(metadata.description()).hasValue("Body\r\nline2\r\n");
    assertThat(metadata.raw()).isEqualTo(raw);
  }

  @Test
  void stripsBlanksAfterTheColonButKeepsTrailingBlanks() {
    CoreMetadata metadata =
        CoreMetadata.parse(utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: \t x  \n"));

    assertThat(metadata.summary()).hasValue("x  ");
  }

  @Test
  void treatsHeaderNamesCaseInsensitively() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "METADATA-VERSION: 2.1\nname: foo\nVeRsIoN: 1.0\nHome-Page: https://h\n"
                    + "author-EMAIL: a@b\nrequires-dist: x\nREQUIRES-DIST: y\n"));

    assertThat(metadata.metadataVersion()).isEqualTo("2.1");
    assertThat(metadata.name()).isEqualTo("foo");
    assertThat(metadata.version()).isEqualTo("1.0");
    assertThat(metadata.homePage()).hasValue("https://h");
    assertThat(metadata.authorEmail()).hasValue("a@b");
    assertThat(metadata.requiresDist()).containsExactly("x", "y");
  }

  @Test
  void bodyWinsOverDescriptionHeader() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nDescription: header\n\nbody\n"));

    assertThat(metadata.description()).hasValue("body\n");
  }

  @Test
  void emptyBodyMeansNoDescription() {
    CoreMetadata metadata =
        CoreMetadata.parse(utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n\n"));

    assertThat(metadata.description()).isEmpty();
  }

  @Test
  void lineThatIsNotAHeaderStartsTheBody() {
    // email.parser: a non-header line ends the headers and belongs to the body
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nnot a header\nSummary: x\n"));

    assertThat(metadata.summary()).isEmpty();
    assertThat(metadata.description()).hasValue("not a header\nSummary: x\n");
  }

  @Test
  void keepsUnknownHeadersUnderLowerCaseNames() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8(
                "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nX-Custom: one\nx-custom: two\n"
                    + "Private-Field: p\n"));

    assertThat(metadata.unknownFields())
        .isEqualTo(ImmutableListMultimap.of("x-custom", "one", "x-custom", "two", "private-field", "p"));
  }

  @Test
  void reportsRepeatedSingleUseFieldsAndReturnsTheFirst() {
    CoreMetadata metadata =
        CoreMetadata.parse(
            utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: one\nsummary: two\n"));

    assertThat(metadata.summary()).hasValue("one");
    assertThat(metadata.duplicateFields()).containsExactly("Summary");
  }

  @Test
  void decodesUtf8AndFallsBackToLatin1PerLine() {
    byte[] raw =
        "Metadata-Version: 1.0\nName: foo\nVersion: 1.0\nSummary: café\nAuthor: Jos\u00e9\n"
            .getBytes(StandardCharsets.UTF_8);
    // rewrite the Author line as Latin-1, as very old PKG-INFO files are
    byte[] latin1Author = "Author: Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] mixed = new byte[raw.length - 1];
    int authorAt = new String(raw, StandardCharsets.ISO_8859_1).indexOf("Author:");
    System.arraycopy(raw, 0, mixed, 0, authorAt);
    System.arraycopy(latin1Author, 0, mixed, authorAt, latin1Author.length);

    CoreMetadata metadata = CoreMetadata.parse(mixed);

    assertThat(metadata.summary()).hasValue("café");
    assertThat(metadata.author()).hasValue("José");
    assertThat(metadata.raw()).isEqualTo(mixed);
  }

  @Test
  void skipsUtf8ByteOrderMark() {
    byte[] raw = utf8("\uFEFFMetadata-Version: 2.1\nName: foo\nVersion: 1.0\n");

    assertThat(CoreMetadata.parse(raw).metadataVersion()).isEqualTo("2.1");
  }

  @Test
  void rawReturnsExactlyTheBytesParsedAsACopy() {
    byte[] raw = utf8("Metadata-Version: 2.1\r\nName: foo\nVersion: 1.0\n\n\tbody  \r\n\n");

    CoreMetadata metadata = CoreMetadata.parse(raw);
    raw[0] = 'X';
    byte[] first = metadata.raw();
    first[1] = 'Y';

    assertThat(metadata.raw()).isEqualTo(utf8("Metadata-Version: 2.1\r\nName: foo\nVersion: 1.0\n\n\tbody  \r\n\n"));
    assertThat(metadata.rawLength()).isEqualTo(first.length);
  }

  @Test
  void rejectsMissingMetadataVersion() {
    assertThatThrownBy(() -> CoreMetadata.parse(utf8("Name: foo\nVersion: 1.0\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessage("Invalid core metadata: missing required field 'Metadata-Version'");
  }

  @Test
  void rejectsMissingName() {
    assertThatThrownBy(() -> CoreMetadata.parse(utf8("Metadata-Version: 2.1\nVersion: 1.0\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("'Name'");
  }

  @Test
  void rejectsMissingOrBlankVersion() {
    assertThatThrownBy(() -> CoreMetadata.parse(utf8("Metadata-Version: 2.1\nName: foo\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("'Version'");
    assertThatThrownBy(
            () -> CoreMetadata.parse(utf8("Metadata-Version: 2.1\nName: foo\nVersion:   \n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("'Version'");
  }

  @Test
  void acceptsMetadataVersionsFrom10To26() {
    for (String v : new String[] {"1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"}) {
      assertThat(CoreMetadata.parse(utf8("Metadata-Version: " + v + "\nName: a\nVersion: 1\n")).metadataVersion())
          .isEqualTo(v);
    }
  }

  @Test
  void rejectsNewerMajorMetadataVersion() {
    assertThatThrownBy(
            () -> CoreMetadata.parse(utf8("Metadata-Version: 3.0\nName: foo\nVersion: 1.0\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessage(
            "Invalid core metadata: unsupported Metadata-Version '3.0': only major versions 1 and 2"
                + " (1.0 to 2.6) are understood");
  }

  @Test
  void rejectsAMetadataVersionWhoseMajorDoesNotFitAnInteger() {
    assertThatThrownBy(
            () ->
                CoreMetadata.parse(
                    utf8("Metadata-Version: 7777777777777777777777777777777771.0\nName: foo\nVersion: 1.0\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("unsupported Metadata-Version '7777777777777777777777777777777771.0'");
  }

  @Test
  void rejectsMalformedMetadataVersion() {
    assertThatThrownBy(
            () -> CoreMetadata.parse(utf8("Metadata-Version: latest\nName: foo\nVersion: 1.0\n")))
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("Metadata-Version 'latest'");
  }

  @Test
  void builderWritesMetadataThatParsesBackToTheSameFields() {
    CoreMetadata metadata =
        CoreMetadata.builder()
            .metadataVersion("2.4")
            .name("foo-bar")
            .version("1.0")
            .summary("A demo")
            .requiresPython(">=3.8")
            .addClassifier("Programming Language :: Python :: 3")
            .addRequiresDist("requests>=2")
            .addRequiresDist("rich; extra == \"cli\"")
            .addProvidesExtra("cli")
            .addProjectUrl("Homepage", "https://example.com")
            .putUnknownField("X-Custom", "kept")
            .descriptionContentType("text/markdown")
            .description("# foo-bar\n\nBody.\n")
            .build();

    assertThat(new String(metadata.raw(), StandardCharsets.UTF_8))
        .isEqualTo(
            "Metadata-Version: 2.4\nName: foo-bar\nVersion: 1.0\nSummary: A demo\n"
                + "Description-Content-Type: text/markdown\n"
                + "Classifier: Programming Language :: Python :: 3\n"
                + "Requires-Dist: requests>=2\nRequires-Dist: rich; extra == \"cli\"\n"
                + "Requires-Python: >=3.8\nProject-URL: Homepage, https://example.com\n"
                + "Provides-Extra: cli\nx-custom: kept\n\n# foo-bar\n\nBody.\n");
    assertThat(CoreMetadata.parse(metadata.raw())).isEqualTo(metadata);
    assertThat(metadata.unknownFields()).isEqualTo(ImmutableListMultimap.of("x-custom", "kept"));
  }

  @Test
  void toBuilderMakesAnEditedCopy() {
    CoreMetadata original =
        CoreMetadata.parse(
            utf8("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nClassifier: A\nX-Y: z\n\nbody\n"));

    CoreMetadata edited = original.toBuilder().version("2.0").addClassifier("B").build();

    assertThat(edited.version()).isEqualTo("2.0");
    assertThat(edited.name()).isEqualTo("foo");
    assertThat(edited.classifiers()).containsExactly("A", "B");
    assertThat(edited.unknownFields()).isEqualTo(ImmutableListMultimap.of("x-y", "z"));
    assertThat(edited.description()).hasValue("body\n");
    assertThat(original.version()).isEqualTo("1.0");
  }

  @Test
  void builderFoldsMultiLineValues() {
    CoreMetadata metadata =
        CoreMetadata.builder().metadataVersion("2.1").name("foo").version("1").summary("a\nb").license("x").build();

    assertThat(metadata.summary()).hasValue("a\n        b");
    assertThat(metadata.license()).hasValue("x");
  }

  @Test
  void builderRequiresNameVersionAndMetadataVersion() {
    assertThatThrownBy(() -> CoreMetadata.builder().metadataVersion("2.1").name("foo").build())
        .isInstanceOf(InvalidMetadataException.class)
        .hasMessageContaining("'Version'");
  }
}
