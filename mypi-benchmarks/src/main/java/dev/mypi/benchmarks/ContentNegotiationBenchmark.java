package dev.mypi.benchmarks;

import dev.mypi.core.simple.ContentNegotiation;
import dev.mypi.core.simple.SimpleFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link ContentNegotiation#select} on the {@code Accept} header pip sends (PEP 691). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContentNegotiationBenchmark {
  /** pip's header (pip/_internal/index/collector.py), verbatim. */
  static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

  // A field, not a constant, so the JIT cannot fold the header into the call.
  private String accept = PIP_ACCEPT;
  private final ContentNegotiation negotiation = ContentNegotiation.strict();

  /** Picks the format for pip's header (JSON). */
  @Benchmark
  public Optional<SimpleFormat> selectPipAccept() {
    return negotiation.select(accept);
  }
}
