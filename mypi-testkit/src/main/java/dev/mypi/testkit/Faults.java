package dev.mypi.testkit;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.name.ProjectName;
import dev.mypi.testkit.internal.Globs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The faults of one {@link MockIndexServer}: add one per path pattern or per project, then chain
 * its actions (see {@link Fault}).
 *
 * <pre>{@code
 * server.faults().on("/simple/foo/").status(503).retryAfter(Duration.ZERO).times(2);
 * server.faults().onProject("foo").dropConnection().times(1);
 * server.faults().clear();
 * }</pre>
 *
 * <p>Patterns are globs over the decoded request path: {@code *} within a segment, {@code **}
 * across segments, {@code ?} one character ({@code /files/foo/*.whl}, {@code /simple/**}).
 * Thread-safe.
 */
public final class Faults {
  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  Faults() {}

  /** Adds a fault for requests whose path matches the glob {@code pathGlob}. */
  public Fault on(String pathGlob) {
    return add(Globs.compile(pathGlob), pathGlob);
  }

  /** Adds a fault for requests whose path matches the regular expression {@code path} in full. */
  public Fault on(Pattern path) {
    return add(path, "/" + path.pattern() + "/");
  }

  /**
   * Adds a fault for the requests of one project, in any spelling of its name: its page {@code
   * /simple/<project>/} and its files {@code /files/<project>/…}.
   */
  public Fault onProject(String name) {
    String n = Pattern.quote(ProjectName.normalize(name));
    return add(Pattern.compile("/simple/" + n + "/?|/files/" + n + "/.+"), "project " + ProjectName.normalize(name));
  }

  private Fault add(Pattern path, String description) {
    Fault fault = new Fault(this, path, description);
    faults.add(fault);
    return fault;
  }

  /** Returns the faults in the order they were added. */
  public ImmutableList<Fault> list() {
    return ImmutableList.copyOf(faults);
  }

  /** Removes every fault. */
  public void clear() {
    faults.clear();
  }

  void remove(Fault fault) {
    faults.remove(fault);
  }

  /** Returns the fault that affects this request, counting its use, or null. */
  @Nullable Fault forRequest(String method, String path) {
    for (Fault f : faults) {
      if (f.affectsResponses() && f.matches(method, path) && f.tryUse()) {
        return f;
      }
    }
    return null;
  }

  /** Returns the active page faults (advertised hashes), without counting a use. */
  ImmutableList<Fault> pageFaults() {
    ImmutableList.Builder<Fault> b = ImmutableList.builder();
    for (Fault f : faults) {
      if (f.affectsPages() && f.isActive()) {
        b.add(f);
      }
    }
    return b.build();
  }
}
