package dev.mypi.benchmarks;

import dev.mypi.core.version.Version;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PEP 440 versions: {@link Version#parse} (one string per operation, cycling through 1,024 typical
 * strings), {@link Version#compareTo} (one pair per operation) and sorting a copy of 100,000 parsed
 * versions.
 */
@State(Scope.Thread)
public class VersionBenchmark {
  /** Number of distinct inputs cycled through; a power of two so the index is a mask. */
  static final int SAMPLES = 1 << 10;
  /** Size of the sorted array. */
  static final int SORT_SIZE = 100_000;

  private String[] strings = new String[0];
  private Version[] parsed = new Version[0];
  private Version[] unsorted = new Version[0];
  private int next;

  /** Generates the inputs (fixed seed). */
  @Setup
  public void setUp() {
    strings = Inputs.versionStrings(SAMPLES).toArray(new String[0]);
    parsed = Arrays.stream(strings).map(Version::parse).toArray(Version[]::new);
    unsorted = Inputs.versionStrings(SORT_SIZE).stream().map(Version::parse).toArray(Version[]::new);
  }

  /** Parses one version string; the score is parses per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Version parse() {
    int i = next++ & (SAMPLES - 1);
    return Version.parse(strings[i]);
  }

  /** Compares two parsed versions; the score is comparisons per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int compare() {
    int i = next++ & (SAMPLES - 1);
    return parsed[i].compareTo(parsed[(i + 1) & (SAMPLES - 1)]);
  }

  /** Sorts a fresh copy of 100,000 parsed versions (the copy is part of the measured time). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Version[] sortOneHundredThousand() {
    Version[] copy = unsorted.clone();
    Arrays.sort(copy);
    return copy;
  }
}
