package dev.mypi.core.simple;

/**
 * A project's PEP 792 status marker, as shown to installers.
 *
 * <p>The reason, if any, is held by {@link ProjectPage#statusReason()}.
 */
public enum ProjectStatus {
  /** The default: uploads allowed, files offered. Renderers omit the marker. */
  ACTIVE("active"),
  /** No new uploads; files still offered; installers may warn. */
  ARCHIVED("archived"),
  /** No uploads and no files offered: the page lists zero files. */
  QUARANTINED("quarantined"),
  /** Like active, but installers may warn. */
  DEPRECATED("deprecated");

  private final String value;

  ProjectStatus(String value) {
    this.value = value;
  }

  /** Returns the marker as the simple API spells it, e.g. {@code archived}. */
  public String value() {
    return value;
  }

  /** Returns whether a project in this status offers its files; false only for quarantine. */
  public boolean offersFiles() {
    return this != QUARANTINED;
  }
}
