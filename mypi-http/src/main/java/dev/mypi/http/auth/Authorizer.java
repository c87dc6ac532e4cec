package dev.mypi.http.auth;

import dev.mypi.core.ForbiddenException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides what an identity may do. The servlet asks it after the {@link AccessMode} and the
 * credential's {@link Scope} allowed the request; implementations must be thread-safe.
 *
 * <p>{@link DefaultAuthorizer} implements mypi's rules (admins, project owners and maintainers,
 * private projects); an embedding application may implement its own.
 */
public interface Authorizer {

  /**
   * Returns whether {@code identity} may do {@code action}.
   *
   * @param identity the user, or null for an anonymous request (which the access mode allows)
   * @param action what the request does
   * @param project the normalised project name, or null for the index as a whole (the project
   *     list, the landing page, an upload whose project is not known until its body is read)
   * @param owners the project's owners now (empty when there is no project or it has no owner)
   */
  boolean permits(@Nullable Identity identity, Action action, @Nullable String project, Set<String> owners);

  /**
   * Returns whether {@link #permits} may refuse {@link Action#READ} of some project to someone who
   * may read the index as a whole. When false, the servlet serves the project list (rendered once
   * and cached) without asking about each project; when true, it asks about every project on every
   * request for the list and renders the list each reader may see. The default is true, which is
   * always correct; an implementation that never hides a project should answer false.
   */
  default boolean mayHideProjects() {
    return true;
  }

  /**
   * Checks an upload by {@code identity} once its project is known. The index calls this under its
   * write lock right before it records the upload, so {@code owners} are the owners at that moment
   * and two users racing to create a project cannot both own it. The default asks {@link #permits}.
   *
   * @param projectExists whether the project has files already (a project without owners may be
   *     new, or from before logins were required)
   * @throws ForbiddenException with a message for the user when the upload is refused
   */
  default void checkUpload(Identity identity, String project, boolean projectExists, Set<String> owners) {
    if (!permits(identity, Action.UPLOAD, project, owners)) {
      throw new ForbiddenException("User '" + identity.name() + "' may not upload to project '" + project + "'.");
    }
  }
}
