package dev.mypi.core.internal.upload;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request thread's share of a large upload without the network: {@link MultipartReader}
 * finding the end of a 32 MiB file part of random bytes (as compressed wheels are) in a body shaped
 * as twine sends it, read 64 KiB at a time. No digests and no disk: those run on other threads.
 * Two more read it as the spool writer does, into native 1 MiB chunks: through a 256 KiB array
 * (before the eighth round) and straight from the reader's buffer ({@code PartBody.read(ByteBuffer)}).
 *
 * <p>It sits in mypi-core's internal package, not in {@code dev.mypi.benchmarks}, to reach the
 * package-private reader.
 */
@State(Scope.Thread)
public class MultipartReaderBenchmark {
  /** Size of the file part. */
  public static final int FILE_SIZE = 32 << 20;

  /** A boundary as requests-toolbelt makes them: 32 hex digits of a UUID. */
  static final String BOUNDARY = "5c4d1a3f9e2b47d08a6f1c3e5b7d9f02";

  private byte[] body = new byte[0];
  private final byte[] sink = new byte[64 * 1024];
  private final byte[] scratch = new byte[256 * 1024];
  private final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);

  /** Builds the body (fixed seed). */
  @Setup
  public void setUp() {
    byte[] file = new byte[FILE_SIZE];
    new SplittableRandom(42).nextBytes(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream(FILE_SIZE + 1024);
    out.writeBytes(
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; "
                + "filename=\"big-1.0-py3-none-any.whl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(ISO_8859_1));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(ISO_8859_1));
    body = out.toByteArray();
  }

  /** Reads the body up to the end of the file part; returns the file's size in bytes. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long readFilePart() throws IOException {
    return read(
        part -> {
          long n = 0;
          for (int r; (r = part.read(sink, 0, sink.length)) >= 0; ) {
            n += r;
          }
          return n;
        });
  }

  /** Reads the file part into native chunks through an array, as the spool writer did. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long readFilePartIntoChunksThroughAnArray() throws IOException {
    return read(
        part ->
            intoChunks(
                () -> {
                  int r = part.readNBytes(scratch, 0, Math.min(scratch.length, chunk.remaining()));
                  chunk.put(scratch, 0, r);
                  return r == 0 ? -1 : r;
                }));
  }

  /** Reads the file part straight into native chunks, as the spool writer does. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long readFilePartIntoChunks() throws IOException {
    return read(part -> intoChunks(() -> part.read(chunk)));
  }

  /** One read into {@link #chunk}: the bytes read, or -1 at the end of the part. */
  @FunctionalInterface
  private interface ChunkRead {
    int read() throws IOException;
  }

  /** Fills {@link #chunk} by {@code read} until the end of the part, reusing it when full. */
  private long intoChunks(ChunkRead read) throws IOException {
    long n = 0;
    chunk.clear();
    for (int r; (r = read.read()) >= 0; ) {
      n += r;
      if (!chunk.hasRemaining()) {
        chunk.clear();
      }
    }
    return n;
  }

  @FunctionalInterface
  private interface PartReader {
    long read(MultipartReader.PartBody part) throws IOException;
  }

  private long read(PartReader partReader) throws IOException {
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
    reader.skipPreamble(1024);
    long size = -1;
    while (!reader.readDelimiterSuffix()) {
      reader.readHeaders(1024);
      size = partReader.read(reader.body());
    }
    return size;
  }
}
