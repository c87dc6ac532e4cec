package dev.mypi.http.auth;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import dev.mypi.core.ForbiddenException;
import dev.mypi.core.name.ProjectName;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * mypi's authorisation rules:
 *
 * <ul>
 *   <li>Anyone the {@link AccessMode} lets in may read every project but the private ones; a
 *       private project is read by admins, its owners, its maintainers and its listed readers.
 *   <li>A user may upload to a new project (and becomes its owner), to a project they own, and to
 *       a project that lists them as a maintainer. A project owned by others cannot be taken
 *       over. A project without owner that exists already (its files came from anonymous uploads
 *       or an imported folder) takes uploads from admins and its maintainers only, unless {@link
 *       Builder#claimUnownedProjects} is set; the first such uploader becomes its owner.
 *   <li>A project listed with maintainers is not open to other users even while it is new: only
 *       its maintainers (and admins) may create it.
 *   <li>Yank, delete and admin actions are for admins: the users named in {@link Builder#admins}
 *       and identities with the {@value #ADMIN_ROLE} role.
 * </ul>
 *
 * <pre>{@code
 * Authorizer rules = DefaultAuthorizer.builder()
 *     .admins(Set.of("alice"))
 *     .privateProject("secret-sauce", Set.of("bob"))     // bob may read it too
 *     .maintainers("shared-lib", Set.of("carol", "dave"))
 *     .build();
 * }</pre>
 */
public final class DefaultAuthorizer implements Authorizer {
  /** The role that makes an identity an admin (e.g. a container role). */
  public static final String ADMIN_ROLE = "mypi-admin";

  private final ImmutableSet<String> admins;
  private final ImmutableSetMultimap<String, String> privateProjects;
  private final ImmutableSet<String> privateNames;
  private final ImmutableSetMultimap<String, String> maintainers;
  private final boolean claimUnownedProjects;

  private DefaultAuthorizer(Builder b) {
    this.admins = b.admins.build();
    this.privateProjects = b.privateProjects.build();
    this.privateNames = b.privateNames.build();
    this.maintainers = b.maintainers.build();
    this.claimUnownedProjects = b.claimUnownedProjects;
  }

  /** Returns a builder; with nothing set, there are no admins, no private projects and no maintainers. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns whether {@code project} (a normalised name) is private. */
  public boolean isPrivate(String project) {
    return privateNames.contains(project);
  }

  /** Returns true only when some project is {@linkplain Builder#privateProject private}. */
  @Override
  public boolean mayHideProjects() {
    return !privateNames.isEmpty();
  }

  /** Returns whether {@code identity} is an admin. */
  public boolean isAdmin(@Nullable Identity identity) {
    return identity != null && (identity.hasRole(ADMIN_ROLE) || admins.contains(identity.name()));
  }

  @Override
  public boolean permits(@Nullable Identity identity, Action action, @Nullable String project, Set<String> owners) {
    switch (action) {
      case READ -> {
        if (project == null || !isPrivate(project)) {
          return true;
        }
        if (identity == null) {
          return false;
        }
        String user = identity.name();
        return isAdmin(identity)
            || owners.contains(user)
            || maintainers.containsEntry(project, user)
            || privateProjects.containsEntry(project, user);
      }
      case UPLOAD -> {
        if (identity == null) {
          return true; // only asked when the access mode lets anonymous users upload (open)
        }
        return project == null || uploadRefusal(identity, project, !owners.isEmpty(), owners) == null;
      }
      case YANK, DELETE, ADMIN -> {
        return isAdmin(identity);
      }
    }
    throw new AssertionError(action);
  }

  @Override
  public void checkUpload(Identity identity, String project, boolean projectExists, Set<String> owners) {
    String refusal = uploadRefusal(identity, project, projectExists, owners);
    if (refusal != null) {
      throw new ForbiddenException(refusal);
    }
  }

  private @Nullable String uploadRefusal(Identity identity, String project, boolean projectExists, Set<String> owners) {
    String user = identity.name();
    if (isAdmin(identity) || owners.contains(user) || maintainers.containsEntry(project, user)) {
      return null;
    }
    if (!owners.isEmpty()) {
      return "Project '" + project + "' belongs to other users; '" + user + "' may not upload to it.";
    }
    if (maintainers.containsKey(project)) {
      return "Project '" + project + "' is reserved for its maintainers; '" + user + "' is not one of them.";
    }
    if (projectExists && !claimUnownedProjects) {
      return "Project '" + project + "' has no owner yet (its files were uploaded without login or imported);"
          + " an admin must list '" + user + "' as a maintainer.";
    }
    return null;
  }

  /** Configures a {@link DefaultAuthorizer}. */
  public static final class Builder {
    private final ImmutableSet.Builder<String> admins = ImmutableSet.builder();
    private final ImmutableSetMultimap.Builder<String, String> privateProjects = ImmutableSetMultimap.builder();
    private final ImmutableSet.Builder<String> privateNames = ImmutableSet.builder();
    private final ImmutableSetMultimap.Builder<String, String> maintainers = ImmutableSetMultimap.builder();
    private boolean claimUnownedProjects;

    private Builder() {}

    /** Adds admins: users who may do everything, including yank and delete. */
    public Builder admins(Set<String> users) {
      admins.addAll(users);
      return this;
    }

    /**
     * Makes a project private: only admins, its owners, its maintainers and {@code readers} may
     * read it. The name is normalised.
     */
    public Builder privateProject(String project, Set<String> readers) {
      String name = ProjectName.normalize(project);
      privateNames.add(name);
      privateProjects.putAll(name, readers);
      return this;
    }

    /**
     * Lets {@code users} upload to {@code project} besides its owners (the name is normalised); a
     * project listed here can be created only by these users and admins.
     */
    public Builder maintainers(String project, Set<String> users) {
      maintainers.putAll(ProjectName.normalize(project), users);
      return this;
    }

    /**
     * Sets whether any user who may upload may also upload to a project that exists without owner
     * (from before logins were required, or an imported folder), and so become its owner; default
     * false (admins and maintainers only).
     */
    public Builder claimUnownedProjects(boolean claim) {
      this.claimUnownedProjects = claim;
      return this;
    }

    /** Returns the authorizer. */
    public DefaultAuthorizer build() {
      return new DefaultAuthorizer(this);
    }
  }

}
