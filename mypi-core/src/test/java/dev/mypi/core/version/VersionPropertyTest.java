package dev.mypi.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests over seeded random version strings: round-tripping through {@link
 * Version#toString()}, and {@link Version#compareTo} being a total order consistent with {@link
 * Version#equals} and {@link Version#hashCode}.
 */
class VersionPropertyTest {
  private static final long SEED = 0x5EED_440L;
  private static final int COUNT = 4000;

  /** Generates valid-looking PEP 440 spellings; small numbers make equal versions common. */
  private static final class Generator {
    private final Random random;

    Generator(long seed) {
      this.random = new Random(seed);
    }

    String next() {
      StringBuilder sb = new StringBuilder();
      if (chance(5)) {
        sb.append(pick(" ", "\t", "\u00a0", "\u3000"));
      }
      if (chance(10)) {
        sb.append(pick("v", "V"));
      }
      if (chance(8)) {
        sb.append(number()).append('!');
      }
      int releases = 1 + random.nextInt(4);
      for (int i = 0; i < releases; i++) {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(number());
      }
      if (chance(3)) {
        sb.append(separator()).append(pick("a", "A", "alpha", "b", "beta", "BETA", "c", "rc", "pre", "preview"));
        if (chance(2)) {
          sb.append(separator()).append(number());
        }
      }
      if (chance(3)) {
        if (chance(4)) {
          sb.append('-').append(digits());
        } else {
          sb.append(separator()).append(pick("post", "rev", "r", "POST"));
          if (chance(2)) {
            sb.append(separator()).append(number());
          }
        }
      }
      if (chance(3)) {
        sb.append(separator()).append(pick("dev", "DEV"));
        if (chance(2)) {
          sb.append(separator()).append(number());
        }
      }
      if (chance(4)) {
        sb.append('+');
        int segments = 1 + random.nextInt(3);
        for (int i = 0; i < segments; i++) {
          if (i > 0) {
            sb.append(pick(".", "-", "_"));
          }
          sb.append(chance(2) ? digits() : pick("abc", "ABC", "ubuntu", "x1", "0a"));
        }
      }
      if (chance(5)) {
        sb.append(pick(" ", "\n", "\u2003"));
      }
      return sb.toString();
    }

    private String number() {
      return chance(40) ? "1234567890123456789012345" + random.nextInt(3) : digits();
    }

    private String digits() {
      String zeros = chance(6) ? "0" : "";
      return zeros + random.nextInt(chance(5) ? 12 : 3);
    }

    private String separator() {
      return pick("", "", ".", "-", "_");
    }

    private boolean chance(int oneIn) {
      return random.nextInt(oneIn) == 0;
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }
  }

  private static List<Version> randomVersions(long seed) {
    Generator generator = new Generator(seed);
    List<Version> out = new ArrayList<>();
    while (out.size() < COUNT) {
      String s = generator.next();
      if (Version.isValid(s)) {
        out.add(Version.parse(s));
      }
    }
    return out;
  }

  @Test
  void generatorProducesMostlyValidVersions() {
    Generator generator = new Generator(SEED);
    int valid = 0;
    for (int i = 0; i < COUNT; i++) {
      if (Version.isValid(generator.next())) {
        valid++;
      }
    }
    assertThat(valid).isGreaterThan(COUNT * 3 / 4);
  }

  @Test
  void normalisedFormParsesBackToAnEqualVersionWithTheSameText() {
    for (Version v : randomVersions(SEED)) {
      Version again = Version.parse(v.toString());
      assertThat(again).as(v.toString()).isEqualTo(v);
      assertThat(again.toString()).isEqualTo(v.toString());
      assertThat(again.hashCode()).isEqualTo(v.hashCode());
      assertThat(Version.parse(v.canonical())).isEqualTo(v);
      assertThat(Version.canonicalize(v.toString())).isEqualTo(v.canonical());
    }
  }

  @Test
  void comparisonIsAntisymmetricAndConsistentWithEqualsAndHashCode() {
    List<Version> versions = randomVersions(SEED + 1);
    int equalPairs = 0;
    for (int i = 0; i + 1 < versions.size(); i++) {
      for (int j = i + 1; j < Math.min(versions.size(), i + 40); j++) {
        Version a = versions.get(i);
        Version b = versions.get(j);
        int ab = Integer.signum(a.compareTo(b));
        assertThat(Integer.signum(b.compareTo(a))).as("%s vs %s", a, b).isEqualTo(-ab);
        assertThat(a.equals(b)).as("%s equals %s", a, b).isEqualTo(ab == 0);
        if (ab == 0) {
          equalPairs++;
          assertThat(a.hashCode()).as("hash of %s and %s", a, b).isEqualTo(b.hashCode());
          assertThat(a.canonical()).isEqualTo(b.canonical());
        }
      }
      assertThat(versions.get(i).compareTo(versions.get(i))).isZero();
    }
    assertThat(equalPairs).as("the generator should produce some equal pairs").isPositive();
  }

  @Test
  void comparisonIsTransitiveOnRandomTriples() {
    List<Version> versions = randomVersions(SEED + 2);
    Random random = new Random(SEED + 3);
    for (int n = 0; n < 20_000; n++) {
      Version a = versions.get(random.nextInt(versions.size()));
      Version b = versions.get(random.nextInt(versions.size()));
      Version c = versions.get(random.nextInt(versions.size()));
      if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
        assertThat(a.compareTo(c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
        if (a.compareTo(b) < 0 || b.compareTo(c) < 0) {
          assertThat(a.compareTo(c)).as("%s < %s", a, c).isNegative();
        }
      }
    }
  }

  @Test
  void sortedListIsInNonDecreasingOrder() {
    List<Version> versions = randomVersions(SEED + 4);
    versions.sort(null);
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i - 1).compareTo(versions.get(i))).isLessThanOrEqualTo(0);
    }
  }
}
