package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Request log lines go to their sink in order on another thread; a stuck sink never blocks a request. */
class BackgroundLogWriterTest {

  @Test
  void linesReachTheSinkInOrderAndStoppingWritesWhatIsQueued() throws Exception {
    List<String> written = new CopyOnWriteArrayList<>();
    BackgroundLogWriter writer = new BackgroundLogWriter(written::add);
    writer.start();
    for (int i = 0; i < 1000; i++) {
      writer.write("line " + i);
    }
    writer.stop();

    assertThat(written).containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> "line " + i).toList());
    assertThat(writer.dropped()).isZero();
  }

  @Test
  void aSinkThatBlocksNeitherBlocksTheWriterNorLosesMoreThanTheQueueCannotHold() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inSink = new CountDownLatch(1);
    List<String> written = new CopyOnWriteArrayList<>();
    BackgroundLogWriter writer = new BackgroundLogWriter(line -> {
      inSink.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(line);
    }, 10);
    writer.start();
    writer.write("first");
    assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue(); // the sink now holds "first" and blocks

    for (int i = 0; i < 25; i++) {
      writer.write("more " + i); // returns at once although nothing is written
    }
    assertThat(writer.dropped()).isEqualTo(15);
    release.countDown();
    writer.stop();

    assertThat(written).hasSize(11).startsWith("first", "more 0").endsWith("more 9");
  }
}
