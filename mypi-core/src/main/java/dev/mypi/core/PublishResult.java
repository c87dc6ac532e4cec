package dev.mypi.core;

/**
 * What {@link ProjectIndex#publish} did. Both outcomes are a success for the client (HTTP 200):
 * twine re-sends an upload after a 5xx, so an identical re-upload must succeed.
 */
public enum PublishResult {
  /** The file was new and is now listed. */
  CREATED,
  /** A file with this name and identical content was already there; nothing changed. */
  ALREADY_EXISTED,
  /** The file replaced a file of the same name (only when the overwrite policy allows it). */
  REPLACED,
  /**
   * The request was a legacy {@code :action} that needs no work ({@code submit}, {@code verify}):
   * answered with success, as pypiserver does.
   */
  NOTHING_TO_DO
}
