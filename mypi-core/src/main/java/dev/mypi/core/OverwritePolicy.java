package dev.mypi.core;

/** Whether an upload may replace an existing file of the same name with different content. */
public enum OverwritePolicy {
  /** Never: the upload fails with {@link FileExistsException} (HTTP 409). PyPI's rule; the default. */
  DENY,
  /** Always: the new content replaces the old file. Clients that cached the old hash will fail. */
  ALLOW
}
