package dev.mypi.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.name.InvalidFilenameException;
import dev.mypi.core.name.ProjectName;

/**
 * {@link DistributionFilename#parse}: any string is a filename or an {@link
 * InvalidFilenameException} with a one-line, printable ASCII message (a finding fixed: the reason
 * quoted the name part unescaped).
 */
class DistributionFilenameFuzzTest {
  @FuzzTest(maxDuration = FuzzInputs.CI_DURATION)
  void parse(byte[] data) {
    String input = FuzzInputs.utf8(data);
    DistributionFilename filename;
    try {
      filename = DistributionFilename.parse(input);
    } catch (InvalidFilenameException e) {
      assertThat(e.filename()).isEqualTo(input);
      assertThat(e.getMessage()).matches("[\\x20-\\x7e\\t]+");
      return;
    }
    assertThat(filename.filename()).isEqualTo(input);
    assertThat(filename.normalizedName()).isEqualTo(ProjectName.normalize(filename.name()));
    assertThat(DistributionFilename.parse(input)).isEqualTo(filename);
    // like packaging, the parser accepts any character in wheel tags (even NUL, seed
    // nul-in-platform-tag); UploadRules, not the parser, keeps such names out of the index
  }
}
