package dev.mypi.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UploadModelTest {
  @Test
  void limitsStartFromDocumentedDefaultsAndRebuild() {
    UploadLimits defaults = UploadLimits.defaults();

    assertThat(defaults.maxFileSize()).isEqualTo(UploadLimits.DEFAULT_MAX_FILE_SIZE).isEqualTo(100L << 20);
    assertThat(defaults.maxFieldSize()).isEqualTo(UploadLimits.DEFAULT_MAX_FIELD_SIZE);
    assertThat(defaults.maxTotalFieldBytes()).isEqualTo(UploadLimits.DEFAULT_MAX_TOTAL_FIELD_BYTES);
    assertThat(defaults.maxParts()).isEqualTo(UploadLimits.DEFAULT_MAX_PARTS);
    assertThat(defaults.maxPartHeaderBytes()).isEqualTo(UploadLimits.DEFAULT_MAX_PART_HEADER_BYTES);
    UploadLimits bigger = defaults.toBuilder().maxFileSize(1L << 30).build();
    assertThat(bigger.maxFileSize()).isEqualTo(1L << 30);
    assertThat(bigger.maxParts()).isEqualTo(defaults.maxParts());
    assertThat(bigger.toBuilder().maxFileSize(100L << 20).build()).isEqualTo(defaults);
  }

  @Test
  void limitsRejectNegativeValuesAsProgrammerErrors() {
    assertThatThrownBy(() -> UploadLimits.builder().maxFileSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFileSize");
    assertThatThrownBy(() -> UploadLimits.builder().maxParts(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void uploadRoundTripsThroughToBuilder() {
    Upload upload =
        Upload.builder()
            .name("foo")
            .addClassifier("A")
            .addClassifier("B")
            .otherField("attestations", "[]")
            .content(new UploadedFile("foo-1.0.tar.gz", 0, MultipartBody.digestsOf(new byte[0])))
            .build();

    assertThat(upload.toBuilder().build()).isEqualTo(upload);
    assertThat(upload.toBuilder().version("2").build().version()).contains("2");
    assertThat(upload.toString()).contains("foo", "foo-1.0.tar.gz");
  }

  @Test
  void builderSeparatesSingleAndMultiUseFields() {
    assertThatThrownBy(() -> Upload.builder().add(UploadField.NAME, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upload.builder().build().value(UploadField.CLASSIFIERS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldsAreFoundByEitherFormName() {
    assertThat(UploadField.forFormName("import_names")).contains(UploadField.IMPORT_NAMES);
    assertThat(UploadField.forFormName("import_name")).contains(UploadField.IMPORT_NAMES);
    assertThat(UploadField.forFormName(":action")).contains(UploadField.ACTION);
    assertThat(UploadField.forFormName("Description-Content-Type")).isEmpty();
  }

  @Test
  void fileDigestsMustBeLowercaseHex() {
    assertThatThrownBy(() -> new FileDigests("A".repeat(32), "0".repeat(64), "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
