/**
 * JMH micro-benchmarks for {@code mypi-core}: PEP 440 version parsing, comparison and sorting,
 * project-name normalisation, simple-page rendering (HTML and PEP 691 JSON) and content
 * negotiation.
 *
 * <p>Inputs are generated from fixed seeds by {@link dev.mypi.benchmarks.Inputs}, so every run
 * measures the same data. Build and run as described in {@code docs/benchmarks.md}:
 *
 * <pre>{@code
 * mvn -B -pl mypi-benchmarks -am package -DskipTests
 * java -jar mypi-benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package dev.mypi.benchmarks;
