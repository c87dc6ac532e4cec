package dev.mypi.core.internal.index;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.mypi.core.simple.ProjectStatus;
import org.jspecify.annotations.Nullable;

/**
 * The immutable state of one project. A change makes a new instance (copy on write), so readers
 * never lock and a change costs O(files of that project), not O(index).
 *
 * <p>{@code owners} are the users who own the project: the uploader of the first authenticated
 * upload to a project without owners. Empty for projects whose files came from anonymous uploads
 * or an imported folder.
 */
record ProjectState(
    String normalized,
    String displayName,
    ImmutableSortedMap<String, FileRecord> files,
    long lastSerial,
    ProjectStatus status,
    @Nullable String statusReason,
    ImmutableSortedSet<String> owners) {

  /**
   * Shares the project's name with the file records' keys ({@link FileRecord} interns the same
   * segment) and the display name with the name when they are equal: one string per project, not
   * three, at 50,000 projects.
   */
  ProjectState {
    normalized = normalized.intern();
    displayName = displayName.equals(normalized) ? normalized : displayName;
  }

  static ProjectState create(String normalized, String displayName) {
    return new ProjectState(normalized, displayName, ImmutableSortedMap.of(), 0, ProjectStatus.ACTIVE, null, ImmutableSortedSet.of());
  }

  ProjectState withStatus(ProjectStatus newStatus, @Nullable String reason, long serial) {
    return new ProjectState(normalized, displayName, files, serial, newStatus, newStatus == ProjectStatus.ACTIVE ? null : reason, owners);
  }

  ProjectState withFiles(ImmutableSortedMap<String, FileRecord> newFiles, long serial) {
    return new ProjectState(normalized, displayName, newFiles, serial, status, statusReason, owners);
  }

  /** Returns this state with {@code uploader} as the owner when it has no owner yet and {@code uploader} is not null. */
  ProjectState claimedBy(@Nullable String uploader) {
    if (uploader == null || !owners.isEmpty()) {
      return this;
    }
    return new ProjectState(normalized, displayName, files, lastSerial, status, statusReason, ImmutableSortedSet.of(uploader));
  }
}
