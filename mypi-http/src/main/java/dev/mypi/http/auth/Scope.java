package dev.mypi.http.auth;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a credential may be used for: some projects (or all) and some actions. A password is
 * {@linkplain #unrestricted() unrestricted}; an API token carries the scope it was created with.
 * The scope only narrows: the {@link Authorizer} still decides what the user may do.
 */
public final class Scope {
  private static final Scope UNRESTRICTED = new Scope(ImmutableSet.of(), ImmutableSet.copyOf(EnumSet.allOf(Action.class)));

  private final ImmutableSet<String> projects;
  private final ImmutableSet<Action> actions;

  private Scope(ImmutableSet<String> projects, ImmutableSet<Action> actions) {
    this.projects = projects;
    this.actions = actions;
  }

  /** Returns the scope of a password: every project, every action. */
  public static Scope unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * Returns a scope limited to {@code projects} (normalised names; empty for all projects) and
   * {@code actions} (not empty).
   */
  public static Scope of(Set<String> projects, Set<Action> actions) {
    Preconditions.checkArgument(!actions.isEmpty(), "a scope needs at least one action");
    return new Scope(ImmutableSet.copyOf(projects), Sets.immutableEnumSet(actions));
  }

  /** Returns the projects this scope is limited to; empty when it covers every project. */
  public ImmutableSet<String> projects() {
    return projects;
  }

  /** Returns the actions this scope allows. */
  public ImmutableSet<Action> actions() {
    return actions;
  }

  /**
   * Returns whether the scope allows {@code action} on {@code project} (a normalised name, or null
   * for the index as a whole, e.g. an upload whose project is not known yet).
   */
  public boolean permits(Action action, @Nullable String project) {
    if (!actions.contains(action)) {
      return false;
    }
    return project == null || projects.isEmpty() || projects.contains(project);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Scope s && s.projects.equals(projects) && s.actions.equals(actions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(projects, actions);
  }

  @Override
  public String toString() {
    return (projects.isEmpty() ? "all projects" : String.join(",", projects)) + " " + actions;
  }
}
