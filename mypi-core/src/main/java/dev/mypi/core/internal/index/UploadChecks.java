package dev.mypi.core.internal.index;

import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.name.DistributionType;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.upload.InvalidUploadException;
import dev.mypi.core.upload.Upload;
import dev.mypi.core.version.InvalidSpecifierException;
import dev.mypi.core.version.SpecifierSet;
import dev.mypi.core.version.Version;

/**
 * The checks of an upload that need more than the form: the filename against the form's name and
 * version, and the metadata inside the archive against both (PROTOCOL.md §6.5 steps 9, 17–19).
 * The metadata in the file is authoritative; the form is a cross-check.
 */
final class UploadChecks {
  private UploadChecks() {}

  /** What a valid upload is, once checked. */
  record Checked(ProjectName project, Version version, DistributionFilename filename, CoreMetadata metadata) {}

  static DistributionFilename parseFilename(String filename) {
    return DistributionFilename.parse(filename);
  }

  static Checked check(Upload upload, DistributionFilename dist, DistributionContents contents, boolean allowLocalVersions) {
    String formName = upload.name().orElseThrow(() -> new InvalidUploadException("Missing required field 'name'."));
    String formVersion = upload.version().orElseThrow(() -> new InvalidUploadException("Missing required field 'version'."));
    ProjectName formProject;
    if (!ProjectName.isValid(formName)) {
      throw new InvalidUploadException(
          "'" + formName + "' is an invalid value for Name. Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.");
    }
    formProject = ProjectName.of(formName);
    Version version = Version.parse(formVersion);
    if (!dist.normalizedName().equals(formProject.normalized())) {
      throw new InvalidUploadException(
          "Filename '" + dist.filename() + "' does not belong to project '" + formProject.normalized() + "'.");
    }
    if (!dist.version().equals(version)) {
      throw new InvalidUploadException(
          "Version in filename should be '" + version + "' not '" + dist.version() + "'.");
    }
    if (!allowLocalVersions && version.isLocal()) {
      throw new InvalidUploadException("The use of local versions in '" + version + "' is not allowed.");
    }
    CoreMetadata metadata = contents.metadata();
    if (!ProjectName.isValid(metadata.name())) {
      throw new InvalidUploadException(
          "Invalid distribution '" + dist.filename() + "': its metadata Name '" + metadata.name() + "' is not a valid project name.");
    }
    ProjectName project = ProjectName.of(metadata.name());
    if (!project.equals(formProject)) {
      throw new InvalidUploadException(
          "Name in the distribution's metadata ('" + metadata.name() + "') does not match the upload's name '" + formName + "'.");
    }
    Version metadataVersion = Version.parse(metadata.version());
    if (!metadataVersion.equals(version)) {
      throw new InvalidUploadException(
          "Version in the distribution's metadata ('" + metadata.version() + "') does not match the upload's version '" + formVersion + "'.");
    }
    if (dist.type() == DistributionType.WHEEL && !contents.hasWheelFile()) {
      throw new InvalidUploadException("Invalid distribution '" + dist.filename() + "': the .dist-info directory has no WHEEL file.");
    }
    if (metadata.requiresPython().isPresent()) {
      try {
        SpecifierSet.parse(metadata.requiresPython().get());
      } catch (InvalidSpecifierException e) {
        throw new InvalidUploadException(
            "Invalid Requires-Python '" + metadata.requiresPython().get() + "' in '" + dist.filename() + "': " + e.getMessage());
      }
    }
    return new Checked(project, version, dist, metadata);
  }
}
