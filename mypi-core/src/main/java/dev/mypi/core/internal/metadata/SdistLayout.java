package dev.mypi.core.internal.metadata;

import dev.mypi.core.metadata.InvalidDistributionException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks the PEP 517/625 sdist layout as members stream by: exactly one top-level directory, and
 * the metadata at {@code <top>/PKG-INFO} (deeper {@code PKG-INFO} files, e.g. in {@code
 * *.egg-info}, are not it).
 */
final class SdistLayout {
  static final String PKG_INFO = "PKG-INFO";

  private final ArchiveContext context;
  private @Nullable String top;

  SdistLayout(ArchiveContext context) {
    this.context = context;
  }

  /**
   * Records a member by its path segments and returns whether it is {@code <top>/PKG-INFO}.
   *
   * @throws InvalidDistributionException if the member is a file at the top
   *     level or lies under a second top-level directory
   */
  boolean add(List<String> segments, boolean isDirectory) {
    if (segments.isEmpty()) {
      return false; // the archive root itself, e.g. "./"
    }
    String first = segments.get(0);
    if (segments.size() == 1 && !isDirectory) {
      throw context.fail(
          "file '" + first + "' is not inside the top-level directory an sdist must have");
    }
    if (top == null) {
      top = first;
    } else if (!top.equals(first)) {
      throw context.fail(
          "more than one top-level directory ('"
              + top
              + "' and '"
              + first
              + "'); an sdist must have exactly one");
    }
    return segments.size() == 2 && segments.get(1).equals(PKG_INFO);
  }

  /** Returns where PKG-INFO must be, failing if the archive had no members at all. */
  String expectedPkgInfoPath() {
    if (top == null) {
      throw context.fail("archive is empty; an sdist must have a top-level directory with PKG-INFO");
    }
    return top + "/" + PKG_INFO;
  }

  InvalidDistributionException pkgInfoNotFound() {
    return context.fail("PKG-INFO not found at '" + expectedPkgInfoPath() + "'");
  }
}
