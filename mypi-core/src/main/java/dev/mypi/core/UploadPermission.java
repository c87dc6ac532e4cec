package dev.mypi.core;

import java.io.InputStream;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is uploading, and whether they may upload to a given project: passed to {@link
 * ProjectIndex#publish(String, InputStream, UploadPermission)} by the host (the HTTP layer) that
 * authenticated the request.
 *
 * <p>The index calls {@link #check} once the upload's project is known, and again under its write
 * lock right before the change is recorded, against the project's owners at that moment. So when
 * two users race to create a project, exactly one becomes its owner and the other's upload is
 * checked against that owner. When a project without owners gets a file from an upload whose
 * {@link #uploader()} is not null, that uploader becomes its owner (the first uploader of a new
 * project owns it).
 *
 * <pre>{@code
 * UploadPermission alice = UploadPermission.of("alice", (project, exists, owners) -> {
 *   if (exists && !owners.isEmpty() && !owners.contains("alice")) {
 *     throw new ForbiddenException("'alice' may not upload to '" + project + "'");
 *   }
 * });
 * index.publish(contentType, body, alice);
 * }</pre>
 */
public interface UploadPermission {

  /** Returns the permission of an anonymous upload: no uploader is recorded and nothing is checked. */
  static UploadPermission anyone() {
    return of(null, (project, exists, owners) -> {});
  }

  /** Returns a permission for {@code uploader} (null for anonymous) that runs {@code check}. */
  static UploadPermission of(@Nullable String uploader, Check check) {
    return new UploadPermission() {
      @Override
      public @Nullable String uploader() {
        return uploader;
      }

      @Override
      public void check(String normalizedProject, boolean projectExists, Set<String> owners) {
        check.check(normalizedProject, projectExists, owners);
      }
    };
  }

  /** Returns the name of the user who uploads, recorded with the file; null when anonymous. */
  @Nullable String uploader();

  /**
   * Throws {@link ForbiddenException} when the upload may not go to {@code normalizedProject}.
   *
   * @param normalizedProject the PEP 503 normalised name of the upload's project
   * @param projectExists whether the project has files already
   * @param owners the project's owners now (empty for a new project, or for one whose files came
   *     from anonymous uploads or an imported folder)
   * @throws ForbiddenException when the upload is refused
   */
  void check(String normalizedProject, boolean projectExists, Set<String> owners);

  /** The check of an upload, as a lambda; see {@link UploadPermission#check}. */
  @FunctionalInterface
  interface Check {
    /** Throws {@link ForbiddenException} when the upload may not go to {@code normalizedProject}. */
    void check(String normalizedProject, boolean projectExists, Set<String> owners);
  }
}
