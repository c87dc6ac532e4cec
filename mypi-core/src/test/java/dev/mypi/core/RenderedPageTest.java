package dev.mypi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.simple.SimpleFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RenderedPageTest {

  private static byte[] body(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private static byte[] drain(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Test
  void aSmallPageIsServedFromAReadOnlyHeapBufferOverItsBytes() {
    byte[] body = body(1000);
    RenderedPage page = new RenderedPage(SimpleFormat.HTML, body, "\"s1-html\"", 1);

    ByteBuffer buffer = page.buffer();

    assertThat(buffer.isDirect()).isFalse();
    assertThat(buffer.isReadOnly()).isTrue();
    assertThat(drain(buffer)).isEqualTo(body);
  }

  @Test
  void aLargePageIsKeptInNativeMemoryAndEachCallerGetsItsOwnPosition() throws IOException {
    byte[] body = body(RenderedPage.NATIVE_MIN_LENGTH * 3);
    RenderedPage page = new RenderedPage(SimpleFormat.JSON_V1, body, "\"s1-json\"", 1);

    ByteBuffer first = page.buffer();
    ByteBuffer second = page.buffer();
    drain(first);

    assertThat(second.isDirect()).isTrue();
    assertThat(second.position()).isZero();
    assertThat(drain(second)).isEqualTo(body);
    assertThatThrownBy(() -> page.buffer().put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
    assertThat(page.length()).isEqualTo(body.length);
    assertThat(page.toByteArray()).isEqualTo(body);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    page.writeTo(written);
    assertThat(written.toByteArray()).isEqualTo(body);
  }

  @Test
  void aLargePageDoesNotDependOnTheArrayItWasMadeFrom() {
    byte[] body = body(RenderedPage.NATIVE_MIN_LENGTH);
    RenderedPage page = new RenderedPage(SimpleFormat.HTML, body, "\"s1-html\"", 1);

    Arrays.fill(body, (byte) 0);

    assertThat(drain(page.buffer())).isEqualTo(body(RenderedPage.NATIVE_MIN_LENGTH));
  }

  @Test
  void theGzippedBufferHoldsTheGzippedBytesWhichInflateToTheBody() throws IOException {
    byte[] body = body(RenderedPage.NATIVE_MIN_LENGTH * 2);
    RenderedPage page = new RenderedPage(SimpleFormat.HTML, body, "\"s1-html\"", 1);

    assertThat(page.hasGzipped()).isFalse();
    byte[] gz = drain(page.gzippedBuffer());

    assertThat(page.hasGzipped()).isTrue();
    assertThat(gz).isEqualTo(page.gzipped());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(Arrays.equals(in.readAllBytes(), body)).isTrue();
    }
  }

  @Test
  void requestsArrivingTogetherShareOneCompressedCopy() throws Exception {
    RenderedPage page = new RenderedPage(SimpleFormat.HTML, randomBody(4 << 20), "\"s1-html\"", 1);
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    long before = direct.getTotalCapacity();
    int clients = 16;
    CyclicBarrier start = new CyclicBarrier(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<ByteBuffer>> seen = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        seen.add(pool.submit(() -> {
          start.await();
          return page.gzippedBuffer();
        }));
      }
      ByteBuffer first = seen.get(0).get(60, TimeUnit.SECONDS);
      for (Future<ByteBuffer> f : seen) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(first);
      }
      // one compressed copy in native memory, not one per request (16 would be 64 MiB); buffers of
      // earlier tests may be freed meanwhile, so the growth is bounded, not exact
      assertThat(first.remaining()).isGreaterThanOrEqualTo(RenderedPage.NATIVE_MIN_LENGTH);
      assertThat(direct.getTotalCapacity() - before).isLessThan(2L * first.remaining());
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] randomBody(int length) {
    byte[] b = new byte[length];
    new Random(7).nextBytes(b); // incompressible, so the gzip copy is long enough for native memory
    return b;
  }
}
