package dev.mypi.core;

import com.google.common.collect.ImmutableSet;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Python package index over a {@link BlobStore}: the use cases an HTTP layer (or any other host)
 * calls. It takes and returns core types only.
 *
 * <pre>{@code
 * BlobStore store = FileSystemBlobStore.create(Path.of("packages"));
 * try (ProjectIndex index = ProjectIndex.builder(store).build()) {
 *   PublishResult result = index.publish(contentType, requestBody);   // twine's POST
 *   Optional<RenderedPage> page = index.renderProject("foo-bar", SimpleFormat.JSON_V1);
 * }
 * }</pre>
 *
 * <p>Project names passed in are PEP 503 normalised names (as in {@code /simple/<name>/}); a name
 * that is not normalised finds nothing, so the HTTP layer redirects first. Every change gets the
 * next value of a monotonically increasing {@linkplain #serial() serial}. Implementations are
 * thread-safe; reads do not block on uploads.
 */
public interface ProjectIndex extends Closeable {

  /** Returns a builder for an index stored in {@code store}. */
  static IndexBuilder builder(BlobStore store) {
    return new IndexBuilder(store);
  }

  /** Returns the root page model: every project with its last serial. */
  ProjectList projects();

  /** Returns the page model of a project, or empty when there is no such project. */
  Optional<ProjectPage> project(String normalizedName);

  /** Returns the root page rendered in {@code format}, from the page cache when possible. */
  RenderedPage renderProjects(SimpleFormat format);

  /**
   * Returns a project's page rendered in {@code format}, from the page cache when possible, or
   * empty when there is no such project.
   */
  Optional<RenderedPage> renderProject(String normalizedName, SimpleFormat format);

  /**
   * Returns the root page in {@code format} if a current rendering of it is at hand, else empty.
   * Unlike {@link #renderProjects} it never renders, reads storage, takes a lock or waits: a host
   * may call it on a network thread and fall back to {@link #renderProjects} on a worker thread.
   * The default finds nothing.
   */
  default Optional<RenderedPage> cachedProjects(SimpleFormat format) {
    return Optional.empty();
  }

  /**
   * Returns a project's page in {@code format} if a current rendering of it is at hand, else empty
   * (also when there is no such project, or none known yet). Like {@link #cachedProjects} it never
   * renders, reads storage, takes a lock or waits. The default finds nothing.
   */
  default Optional<RenderedPage> cachedProject(String normalizedName, SimpleFormat format) {
    return Optional.empty();
  }

  /**
   * Returns a project's page in {@code format} if it can be had without waiting: a current
   * rendering at hand (as {@link #cachedProject}), or else, for a small project, one rendered on
   * the calling thread from the index in memory (and cached as {@link #renderProject} would). It
   * never reads storage or waits for another thread's rendering; it may take the page cache's
   * short internal locks. Empty when there is no such project here, when the project is too large
   * to render on a network thread, or when the index cannot tell without storage: the host then
   * calls {@link #renderProject} on a thread that may block. The default is {@link #cachedProject}.
   */
  default Optional<RenderedPage> renderProjectWithoutWaiting(String normalizedName, SimpleFormat format) {
    return cachedProject(normalizedName, format);
  }

  /** Returns the facts about one distribution file, or empty when the project has no such file. */
  Optional<IndexedFile> file(String normalizedName, String filename);

  /** Opens a distribution file, or returns empty when the project has no such file. */
  Optional<Blob> openFile(String normalizedName, String filename) throws IOException;

  /** Opens part of a distribution file, or returns empty when the project has no such file. */
  Optional<Blob> openFile(String normalizedName, String filename, ByteRange range) throws IOException;

  /**
   * Opens the PEP 658 core-metadata file of a distribution (the bytes of its METADATA, unchanged),
   * or returns empty when the file does not exist or has no metadata file.
   */
  Optional<Blob> openCoreMetadata(String normalizedName, String filename) throws IOException;

  /**
   * Publishes an upload as PyPI's legacy upload endpoint takes it: parses the multipart body
   * (streaming the file part to storage, never holding it in memory), validates it, stores the
   * file and its metadata, and records the change.
   *
   * @param contentType the request's {@code Content-Type}, with the multipart boundary
   * @param body the request body
   * @throws dev.mypi.core.upload.InvalidUploadException when the upload is malformed or invalid
   * @throws FileExistsException when the filename exists with different content
   * @throws IOException when reading the body or writing to storage fails
   */
  default PublishResult publish(@Nullable String contentType, InputStream body) throws IOException {
    return publish(contentType, body, UploadPermission.anyone());
  }

  /**
   * Publishes an upload as {@link #publish(String, InputStream)} does, on behalf of {@code
   * permission}'s uploader: the permission is checked against the project's owners atomically with
   * the change, and the uploader is recorded (and becomes the owner of a project without owners).
   *
   * @throws ForbiddenException when {@code permission} refuses the upload
   * @throws dev.mypi.core.upload.InvalidUploadException when the upload is malformed or invalid
   * @throws FileExistsException when the filename exists with different content
   * @throws IOException when reading the body or writing to storage fails
   */
  PublishResult publish(@Nullable String contentType, InputStream body, UploadPermission permission) throws IOException;

  /**
   * Returns the users who own a project (recorded from the first authenticated upload), or an
   * empty set when the project does not exist or has no owner.
   */
  default ImmutableSet<String> owners(String normalizedName) {
    return ImmutableSet.of();
  }

  /** Marks every file of a release as yanked (PEP 592); {@code reason} may be empty. */
  void yank(String normalizedName, String version, String reason) throws IOException;

  /** Clears the yank of every file of a release. */
  void unyank(String normalizedName, String version) throws IOException;

  /** Deletes one distribution file and its metadata file. */
  void deleteFile(String normalizedName, String filename) throws IOException;

  /**
   * Sets a project's PEP 792 status, shown on its page: {@link ProjectStatus#ARCHIVED} and {@link
   * ProjectStatus#QUARANTINED} projects take no uploads, a quarantined one offers no files.
   * {@link ProjectStatus#ACTIVE} clears a status. The change is journaled like any other.
   *
   * @param reason why, shown to installers; null or empty for none
   * @throws NotFoundException when there is no such project
   */
  void setStatus(String normalizedName, ProjectStatus status, @Nullable String reason) throws IOException;

  /** Returns the serial of the last change, 0 for an empty index. */
  long serial();
}
