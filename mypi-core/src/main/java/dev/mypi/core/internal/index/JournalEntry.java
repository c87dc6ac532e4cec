package dev.mypi.core.internal.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One change to the index, stored as a small JSON document at {@code _mypi/journal/<serial>}.
 * Entries are claimed with create-only puts, so the serial order is the one order every node
 * agrees on.
 *
 * @param serial the change's serial, 1 for the first change
 * @param time ISO-8601 instant of the change
 * @param action one of {@link #ADD_FILE}, {@link #YANK}, {@link #UNYANK}, {@link #REMOVE_FILE},
 *     {@link #SET_STATUS}
 * @param project normalised project name
 * @param displayName the project's display name ({@link #ADD_FILE} only)
 * @param file the file record ({@link #ADD_FILE} only)
 * @param filename the file ({@link #REMOVE_FILE})
 * @param version the release ({@link #YANK}, {@link #UNYANK})
 * @param reason the yank reason ({@link #YANK}) or the status reason ({@link #SET_STATUS})
 * @param status the PEP 792 status as the simple API spells it ({@link #SET_STATUS} only)
 * @param uploader the authenticated user who uploaded the file ({@link #ADD_FILE}), or null for an
 *     anonymous upload or an imported file; a project without owners gets this user as its owner
 * @param imports the files found in the store ({@link #IMPORT_FILES} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(
    long serial,
    String time,
    String action,
    String project,
    @Nullable String displayName,
    @Nullable FileRecord file,
    @Nullable String filename,
    @Nullable String version,
    @Nullable String reason,
    @Nullable String status,
    @Nullable String uploader,
    @Nullable List<ImportedFile> imports) {

  /** A file found in the store, as an {@link #IMPORT_FILES} entry lists it. */
  record ImportedFile(String project, String displayName, FileRecord file) {}

  /** Adds a file, or replaces the record of a file of the same name. */
  static final String ADD_FILE = "add-file";
  /** Yanks every file of a release. */
  static final String YANK = "yank";
  /** Clears the yank of every file of a release. */
  static final String UNYANK = "unyank";
  /** Removes one file. */
  static final String REMOVE_FILE = "remove-file";
  /**
   * Adds files found in the store (an existing flat folder), many per entry; a file whose name the
   * project already has is skipped, so applying the entry is the same on every node.
   */
  static final String IMPORT_FILES = "import-files";
  /** Sets the project's PEP 792 status (and its reason). */
  static final String SET_STATUS = "set-status";

  JournalEntry(
      long serial,
      String time,
      String action,
      String project,
      @Nullable String displayName,
      @Nullable FileRecord file,
      @Nullable String filename,
      @Nullable String version,
      @Nullable String reason) {
    this(serial, time, action, project, displayName, file, filename, version, reason, null, null, null);
  }

  JournalEntry withSerial(long newSerial) {
    return new JournalEntry(newSerial, time, action, project, displayName, file, filename, version, reason, status, uploader, imports);
  }
}
