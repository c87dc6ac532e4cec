package dev.mypi.core.internal.index;

import com.google.common.collect.ImmutableSortedMap;
import dev.mypi.core.simple.ProjectStatus;
import org.jspecify.annotations.Nullable;

/**
 * The immutable state of one project. A change makes a new instance (copy on write), so readers
 * never lock and a change costs O(files of that project), not O(index).
 */
record ProjectState(
    String normalized,
    String displayName,
    ImmutableSortedMap<String, FileRecord> files,
    long lastSerial,
    ProjectStatus status,
    @Nullable String statusReason) {

  static ProjectState create(String normalized, String displayName) {
    return new ProjectState(normalized, displayName, ImmutableSortedMap.of(), 0, ProjectStatus.ACTIVE, null);
  }

  ProjectState withStatus(ProjectStatus newStatus, @Nullable String reason, long serial) {
    return new ProjectState(normalized, displayName, files, serial, newStatus, newStatus == ProjectStatus.ACTIVE ? null : reason);
  }

  ProjectState withFiles(ImmutableSortedMap<String, FileRecord> newFiles, long serial) {
    return new ProjectState(normalized, displayName, newFiles, serial, status, statusReason);
  }
}
