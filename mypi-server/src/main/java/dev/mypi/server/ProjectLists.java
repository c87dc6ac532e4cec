package dev.mypi.server;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.mypi.core.name.ProjectName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the project lists of the command line: {@code --private-projects} and {@code
 * --project-maintainers}. A file has one project per line, optionally followed by a colon and
 * users separated by commas or spaces; {@code #} starts a comment:
 *
 * <pre>
 * # private projects and who may read them besides admins and owners
 * secret-sauce: bob, carol
 * internal-tools
 * </pre>
 */
final class ProjectLists {
  private static final Splitter USERS = Splitter.on(java.util.regex.Pattern.compile("[,\\s]+")).omitEmptyStrings().trimResults();

  private ProjectLists() {}

  /** Parses a file if {@code fileOrList} names one, else a comma-separated list of project names. */
  static ImmutableMap<String, ImmutableSet<String>> fileOrList(String fileOrList) throws IOException {
    Path path = Path.of(fileOrList);
    if (Files.isRegularFile(path)) {
      return file(path);
    }
    Map<String, ImmutableSet<String>> projects = new LinkedHashMap<>();
    for (String name : Splitter.on(',').omitEmptyStrings().trimResults().split(fileOrList)) {
      projects.put(checkedName(name, fileOrList, 0), ImmutableSet.of());
    }
    return ImmutableMap.copyOf(projects);
  }

  /** Parses a file of {@code project[: user, …]} lines. */
  static ImmutableMap<String, ImmutableSet<String>> file(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, ImmutableSet<String>> projects = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = checkedName(colon < 0 ? line : line.substring(0, colon).strip(), file.toString(), i + 1);
      ImmutableSet<String> users = colon < 0 ? ImmutableSet.of() : ImmutableSet.copyOf(USERS.split(line.substring(colon + 1)));
      projects.merge(name, users, (a, b) -> ImmutableSet.<String>builder().addAll(a).addAll(b).build());
    }
    return ImmutableMap.copyOf(projects);
  }

  private static String checkedName(String name, String source, int line) {
    if (!ProjectName.isValid(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' in " + source + (line > 0 ? " line " + line : "") + " is not a valid project name");
    }
    return ProjectName.normalize(name);
  }
}
