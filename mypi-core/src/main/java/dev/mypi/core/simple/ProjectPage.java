package dev.mypi.core.simple;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.name.ProjectName;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One project's simple-repository page: its name, versions, files, last serial and PEP 792 status.
 *
 * <pre>{@code
 * ProjectPage page = ProjectPage.builder(ProjectName.of("Foo.Bar"))
 *     .addVersion("1.0")
 *     .addFile(wheel)
 *     .lastSerial(42)
 *     .build();
 * }</pre>
 *
 * <p>{@link #versions()} is a set of normalised PEP 440 version strings in the order given
 * (duplicates are dropped). The caller must list every file's version; the page may also list
 * versions without files. A {@linkplain ProjectStatus#QUARANTINED quarantined} page may hold
 * files, but renderers list none of them (and no versions), as PEP 792 requires.
 */
public final class ProjectPage {
  private final ProjectName name;
  private final ImmutableList<String> versions;
  private final ImmutableList<FileEntry> files;
  private final long lastSerial;
  private final ProjectStatus status;
  private final @Nullable String statusReason;

  private ProjectPage(Builder b) {
    this.name = b.name;
    this.versions = ImmutableList.copyOf(b.versions);
    this.files = b.files.build();
    this.lastSerial = b.lastSerial;
    this.status = b.status;
    this.statusReason = b.statusReason;
  }

  /** Returns a builder for the page of {@code name}: no versions, no files, serial 0, active. */
  public static Builder builder(ProjectName name) {
    return new Builder(name);
  }

  /** Returns a builder initialised with this page's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.versions.addAll(versions);
    b.files.addAll(files);
    b.lastSerial = lastSerial;
    b.status = status;
    b.statusReason = statusReason;
    return b;
  }

  /** Returns the project's name; pages show its normalised form. */
  public ProjectName name() {
    return name;
  }

  /** Returns the project's versions as normalised PEP 440 strings, without duplicates. */
  public ImmutableList<String> versions() {
    return versions;
  }

  /** Returns the project's files in the order given (renderers keep that order). */
  public ImmutableList<FileEntry> files() {
    return files;
  }

  /** Returns the serial of the project's last change ({@code _last-serial}). */
  public long lastSerial() {
    return lastSerial;
  }

  /** Returns the project's PEP 792 status; {@link ProjectStatus#ACTIVE} unless set. */
  public ProjectStatus status() {
    return status;
  }

  /** Returns why the project has its status, or empty if no reason was given. */
  public Optional<String> statusReason() {
    return Optional.ofNullable(statusReason);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ProjectPage)) {
      return false;
    }
    ProjectPage that = (ProjectPage) o;
    return lastSerial == that.lastSerial
        && name.normalized().equals(that.name.normalized())
        && name.displayName().equals(that.name.displayName())
        && versions.equals(that.versions)
        && files.equals(that.files)
        && status == that.status
        && Objects.equals(statusReason, that.statusReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, versions, files, lastSerial, status, statusReason);
  }

  @Override
  public String toString() {
    return "ProjectPage{" + name.normalized() + ", versions=" + versions + ", " + files.size()
        + " files, serial=" + lastSerial + ", " + status.value() + "}";
  }

  /** Builds a {@link ProjectPage}. */
  public static final class Builder {
    private final ProjectName name;
    private final Set<String> versions = new LinkedHashSet<>();
    private ImmutableList.Builder<FileEntry> files = ImmutableList.builder();
    private long lastSerial;
    private ProjectStatus status = ProjectStatus.ACTIVE;
    private @Nullable String statusReason;

    private Builder(ProjectName name) {
      this.name = name;
    }

    /** Adds a normalised version string; adding one twice has no effect. */
    public Builder addVersion(String version) {
      if (version.isEmpty()) {
        throw new IllegalArgumentException("Version is empty");
      }
      versions.add(version);
      return this;
    }

    /** Adds every version in {@code versions}. */
    public Builder addVersions(Iterable<String> versions) {
      versions.forEach(this::addVersion);
      return this;
    }

    /** Adds a file. */
    public Builder addFile(FileEntry file) {
      files.add(file);
      return this;
    }

    /** Adds every file in {@code files}. */
    public Builder addFiles(Iterable<FileEntry> files) {
      this.files.addAll(files);
      return this;
    }

    /** Removes all files, e.g. after {@link ProjectPage#toBuilder()}. */
    public Builder clearFiles() {
      files = ImmutableList.builder();
      return this;
    }

    /** Sets the serial of the project's last change; must not be negative. */
    public Builder lastSerial(long lastSerial) {
      if (lastSerial < 0) {
        throw new IllegalArgumentException("Serial is negative: " + lastSerial);
      }
      this.lastSerial = lastSerial;
      return this;
    }

    /** Sets the PEP 792 status without a reason. */
    public Builder status(ProjectStatus status) {
      this.status = status;
      this.statusReason = null;
      return this;
    }

    /** Sets the PEP 792 status and why; an empty reason means none. */
    public Builder status(ProjectStatus status, String reason) {
      this.status = status;
      this.statusReason = reason.isEmpty() ? null : reason;
      return this;
    }

    /** Returns the page. */
    public ProjectPage build() {
      return new ProjectPage(this);
    }
  }
}
