package dev.mypi.core.simple;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.name.ProjectName;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The root page of the simple repository: every project with the serial of its last change, and
 * the serial of the index's last change.
 *
 * <pre>{@code
 * ProjectList list = ProjectList.builder()
 *     .add(ProjectName.of("Foo.Bar"), 41)
 *     .add(ProjectName.of("spam"), 42)
 *     .lastSerial(42)
 *     .build();
 * }</pre>
 *
 * <p>Entries keep the order given (PyPI sorts by normalised name, {@link ProjectName}'s natural
 * order); two entries with the same normalised name are a programmer error.
 */
public final class ProjectList {
  private final ImmutableList<Entry> projects;
  private final long lastSerial;

  private ProjectList(ImmutableList<Entry> projects, long lastSerial) {
    this.projects = projects;
    this.lastSerial = lastSerial;
  }

  /** Returns the list of {@code projects} with the index's {@code lastSerial}. */
  public static ProjectList of(Iterable<Entry> projects, long lastSerial) {
    return builder().addAll(projects).lastSerial(lastSerial).build();
  }

  /** Returns an empty builder (serial 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the projects in the order given. */
  public ImmutableList<Entry> projects() {
    return projects;
  }

  /** Returns the serial of the index's last change ({@code meta._last-serial}). */
  public long lastSerial() {
    return lastSerial;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ProjectList
        && ((ProjectList) o).lastSerial == lastSerial
        && ((ProjectList) o).projects.equals(projects);
  }

  @Override
  public int hashCode() {
    return projects.hashCode() * 31 + Long.hashCode(lastSerial);
  }

  @Override
  public String toString() {
    return "ProjectList{" + projects.size() + " projects, serial=" + lastSerial + "}";
  }

  /**
   * One project on the root page.
   *
   * @param name the project; the page shows its display name and links its normalised name
   * @param lastSerial the serial of the project's last change; not negative
   */
  public record Entry(ProjectName name, long lastSerial) {
    /** Checks the serial. */
    public Entry {
      if (lastSerial < 0) {
        throw new IllegalArgumentException("Serial of " + name + " is negative: " + lastSerial);
      }
    }
  }

  /** Builds a {@link ProjectList}. */
  public static final class Builder {
    private final ImmutableList.Builder<Entry> projects = ImmutableList.builder();
    private final Set<String> seen = new HashSet<>();
    private long lastSerial;

    private Builder() {}

    /** Adds a project with the serial of its last change. */
    public Builder add(ProjectName name, long lastSerial) {
      return add(new Entry(name, lastSerial));
    }

    /** Adds a project. */
    public Builder add(Entry entry) {
      if (!seen.add(entry.name().normalized())) {
        throw new IllegalArgumentException("Project listed twice: " + entry.name().normalized());
      }
      projects.add(entry);
      return this;
    }

    /** Adds every entry in {@code entries}. */
    public Builder addAll(Iterable<Entry> entries) {
      entries.forEach(this::add);
      return this;
    }

    /** Sets the serial of the index's last change; must not be negative. */
    public Builder lastSerial(long lastSerial) {
      if (lastSerial < 0) {
        throw new IllegalArgumentException("Serial is negative: " + lastSerial);
      }
      this.lastSerial = lastSerial;
      return this;
    }

    /** Returns the list. */
    public ProjectList build() {
      return new ProjectList(projects.build(), lastSerial);
    }
  }
}
