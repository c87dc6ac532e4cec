package dev.mypi.benchmarks;

import dev.mypi.core.name.ProjectName;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Project names: {@link ProjectName#normalize} and {@link ProjectName#of} (validate + normalise),
 * one name per operation, cycling through 1,024 mixed-case, punctuated names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProjectNameBenchmark {
  static final int SAMPLES = 1 << 10;

  private String[] names = new String[0];
  private int next;

  /** Generates the inputs (fixed seed). */
  @Setup
  public void setUp() {
    names = Inputs.displayNames(SAMPLES).toArray(new String[0]);
  }

  /** Normalises one name (PEP 503). */
  @Benchmark
  public String normalize() {
    return ProjectName.normalize(names[next++ & (SAMPLES - 1)]);
  }

  /** Validates and normalises one name. */
  @Benchmark
  public ProjectName of() {
    return ProjectName.of(names[next++ & (SAMPLES - 1)]);
  }
}
