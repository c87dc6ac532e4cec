package dev.mypi.benchmarks;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.YankState;
import dev.mypi.core.version.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Realistic benchmark inputs, generated deterministically from fixed seeds: the same call always
 * returns equal data, so results are comparable between runs and machines.
 */
public final class Inputs {
  /** The seed every generator starts from. */
  public static final long SEED = 20_261_121L;

  /** Version shapes seen on PyPI; the mix leans towards plain releases, as real indexes do. */
  private static final String[] VERSION_SAMPLES = {
    "1.2.3", "2.0.0rc1", "1.0.post1.dev3+local.7", "2026.11.21", "0.9", "10.4.0b2",
    "3.11.4", "1.26.0", "0.1.0a1", "4.0.0.dev20260101", "1!2.0", "22.3.1",
    "2.31.0", "1.0", "0.24.2", "5.2.1.post1", "7.4.0rc2", "1.0.0+ubuntu.1",
  };

  private static final String[] NAME_WORDS = {
    "django", "requests", "zope", "interface", "typing", "extensions", "sql", "alchemy", "ruamel",
    "yaml", "clib", "backports", "zoneinfo", "py", "test", "flask", "oauth", "lib", "google",
    "cloud", "storage", "azure", "core", "jaraco", "functools", "aws", "cdk", "data", "tools",
  };
  private static final String[] SEPARATORS = {"-", "_", ".", "", "__", "-_", "."};

  private Inputs() {}

  /**
   * Returns {@code count} version strings: the fixed samples first, then random ones of typical
   * shapes (releases of 1 to 4 parts, some pre-, post-, dev-releases and local labels).
   */
  public static ImmutableList<String> versionStrings(int count) {
    SplittableRandom random = new SplittableRandom(SEED);
    ImmutableList.Builder<String> out = ImmutableList.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      out.add(i < VERSION_SAMPLES.length ? VERSION_SAMPLES[i] : randomVersion(random));
    }
    return out.build();
  }

  private static String randomVersion(SplittableRandom random) {
    StringBuilder sb = new StringBuilder(24);
    if (random.nextInt(100) == 0) {
      sb.append(1 + random.nextInt(2)).append('!');
    }
    if (random.nextInt(10) == 0) {
      sb.append(2015 + random.nextInt(12)).append('.').append(1 + random.nextInt(12));
      sb.append('.').append(1 + random.nextInt(28));
    } else {
      int parts = 1 + random.nextInt(4);
      sb.append(random.nextInt(30));
      for (int p = 1; p < parts; p++) {
        sb.append('.').append(random.nextInt(p == 1 ? 40 : 120));
      }
    }
    int suffix = random.nextInt(20);
    if (suffix < 2) {
      sb.append(new String[] {"a", "b", "rc"}[random.nextInt(3)]).append(random.nextInt(5));
    } else if (suffix == 2) {
      sb.append(".post").append(random.nextInt(4));
    } else if (suffix == 3) {
      sb.append(".dev").append(random.nextInt(10));
    }
    if (random.nextInt(25) == 0) {
      sb.append("+local.").append(random.nextInt(10));
    }
    return sb.toString();
  }

  /**
   * Returns {@code count} valid project names in display form: mixed case and every separator
   * PEP 503 folds ({@code Zope.Interface}, {@code typing_extensions}, {@code Ruamel.YAML.clib}).
   */
  public static ImmutableList<String> displayNames(int count) {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    ImmutableList.Builder<String> out = ImmutableList.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      out.add(randomName(random));
    }
    return out.build();
  }

  private static String randomName(SplittableRandom random) {
    int words = 1 + random.nextInt(3);
    StringBuilder sb = new StringBuilder(32);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sb.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
      }
      String word = NAME_WORDS[random.nextInt(NAME_WORDS.length)];
      switch (random.nextInt(4)) {
        case 0 -> sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        case 1 -> sb.append(word.toUpperCase(Locale.ROOT));
        default -> sb.append(word);
      }
    }
    return sb.toString();
  }

  /**
   * Returns the page of one project with {@code fileCount} files over {@code fileCount / 2}
   * versions: each version has a wheel (with PEP 658 core-metadata hashes) and an sdist; every
   * fifth file has Requires-Python, one in 25 versions is yanked (half of them with a reason), and
   * every file has a SHA-256, a size and an upload time.
   */
  public static ProjectPage projectPage(int fileCount) {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    ProjectName name = ProjectName.of("Example.Project_Tools");
    ProjectPage.Builder page = ProjectPage.builder(name).lastSerial(123_456_789L);
    ImmutableList<String> versions = distinctNormalizedVersions(fileCount / 2);
    long upload = Instant.parse("2019-03-01T08:15:30Z").getEpochSecond();
    String stem = name.filenameForm();
    for (int v = 0; v < fileCount / 2; v++) {
      String version = versions.get(v);
      page.addVersion(version);
      upload += 3_600 + random.nextInt(30 * 86_400);
      YankState yank = YankState.notYanked();
      if (random.nextInt(25) == 0) {
        yank = random.nextBoolean() ? YankState.yanked() : YankState.yanked("Broken <build> & bad \"metadata\"");
      }
      @Nullable String requiresPython = random.nextInt(5) == 0 ? ">=3.8, <4" : null;
      String wheel = stem + "-" + version + "-py3-none-any.whl";
      String sdist = stem + "-" + version + ".tar.gz";
      page.addFile(file(random, wheel, requiresPython, yank, true, upload));
      page.addFile(file(random, sdist, requiresPython, yank, false, upload + 7));
    }
    return page.build();
  }

  /** Returns {@code count} distinct normalised version strings, in generation order. */
  private static ImmutableList<String> distinctNormalizedVersions(int count) {
    Set<String> out = new LinkedHashSet<>();
    SplittableRandom random = new SplittableRandom(SEED + 4);
    for (String v : VERSION_SAMPLES) {
      out.add(Version.parse(v).toString());
    }
    while (out.size() < count) {
      out.add(Version.parse(randomVersion(random)).toString());
    }
    return ImmutableList.copyOf(out).subList(0, count);
  }

  private static FileEntry file(
      SplittableRandom random,
      String filename,
      @Nullable String requiresPython,
      YankState yank,
      boolean coreMetadata,
      long uploadSecond) {
    return FileEntry.builder()
        .filename(filename)
        .url("../../files/" + filename.replace("+", "%2B"))
        .hashes(Hashes.sha256(hex(random)))
        .requiresPython(requiresPython)
        .yank(yank)
        .coreMetadata(coreMetadata ? Hashes.sha256(hex(random)) : null)
        .size(2_000 + random.nextInt(5_000_000))
        .uploadTime(Instant.ofEpochSecond(uploadSecond, random.nextInt(1_000_000) * 1_000L))
        .build();
  }

  private static String hex(SplittableRandom random) {
    char[] digits = new char[64];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = Character.forDigit(random.nextInt(16), 16);
    }
    return new String(digits);
  }

  /** Returns a root page listing {@code count} distinct projects, sorted by normalised name. */
  public static ProjectList projectList(int count) {
    SplittableRandom random = new SplittableRandom(SEED + 3);
    SortedMap<String, ProjectName> names = new TreeMap<>();
    while (names.size() < count) {
      String display = randomName(random) + (random.nextInt(3) == 0 ? "" : "-" + names.size());
      ProjectName name = ProjectName.of(display);
      names.putIfAbsent(name.normalized(), name);
    }
    ProjectList.Builder list = ProjectList.builder();
    long serial = 0;
    for (ProjectName name : names.values()) {
      long projectSerial = 1 + random.nextInt(5_000_000);
      serial = Math.max(serial, projectSerial);
      list.add(name, projectSerial);
    }
    return list.lastSerial(serial).build();
  }
}
