package dev.mypi.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.SimpleFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One rendering per page at a time: the requests that miss it meanwhile share its result. */
class RenderGateTest {
  private final RenderGate gate = new RenderGate();
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        synchronized (threads) {
          threads.add(t);
        }
        return t;
      });

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static RenderedPage page(long serial) {
    return new RenderedPage(SimpleFormat.HTML, ("page " + serial).getBytes(StandardCharsets.UTF_8), "\"" + serial + "\"", serial);
  }

  @Test
  void requestsThatMissWhileAPageIsRenderedWaitForItInsteadOfRenderingIt() throws Exception {
    CountDownLatch rendering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renders = new AtomicInteger();
    RenderedPage made = page(7);
    Future<RenderedPage> first = pool.submit(() -> gate.render("0demo", 7, () -> {
      renders.incrementAndGet();
      rendering.countDown();
      await(release);
      return made;
    }));
    assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<RenderedPage>> waiters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waiters.add(pool.submit(() -> gate.render("0demo", 7, () -> {
        renders.incrementAndGet();
        return page(7);
      })));
    }
    waitUntilAllBlocked(waiters);

    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(made);
    for (Future<RenderedPage> w : waiters) {
      assertThat(w.get(10, TimeUnit.SECONDS)).isSameAs(made);
    }
    assertThat(renders).hasValue(1);
    assertThat(gate.inFlight()).isZero();
  }

  @Test
  void aRequestThatSawALaterChangeDoesNotTakeAnOlderRendering() throws Exception {
    CountDownLatch rendering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<RenderedPage> old = pool.submit(() -> gate.render("1", 3, () -> {
      rendering.countDown();
      await(release);
      return page(3);
    }));
    assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();
    Future<RenderedPage> newer = pool.submit(() -> gate.render("1", 4, () -> page(4)));
    waitUntilAllBlocked(List.of(newer));

    release.countDown();

    assertThat(old.get(10, TimeUnit.SECONDS).serial()).isEqualTo(3);
    assertThat(newer.get(10, TimeUnit.SECONDS).serial()).isEqualTo(4);
  }

  @Test
  void differentPagesRenderAtTheSameTime() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Future<RenderedPage> a = pool.submit(() -> gate.render("0a", 1, () -> {
      both.countDown();
      await(both);
      return page(1);
    }));
    Future<RenderedPage> b = pool.submit(() -> gate.render("0b", 1, () -> {
      both.countDown();
      await(both);
      return page(1);
    }));

    assertThat(a.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(b.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aFailedRenderingReachesItsWaitersAndTheNextRequestRendersAgain() throws Exception {
    CountDownLatch rendering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<RenderedPage> failing = pool.submit(() -> gate.render("0x", 1, () -> {
      rendering.countDown();
      await(release);
      throw new IllegalStateException("renderer broke");
    }));
    assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();
    Future<RenderedPage> waiter = pool.submit(() -> gate.render("0x", 1, () -> page(1)));
    waitUntilAllBlocked(List.of(waiter));

    release.countDown();

    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("renderer broke");
    assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("renderer broke");
    assertThat(gate.render("0x", 1, () -> page(1)).serial()).isEqualTo(1);
    assertThat(gate.inFlight()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until every thread of the pool is parked (the first inside its rendering, the others at
   * the gate): no task submitted so far can then still be on its way to the gate.
   */
  private void waitUntilAllBlocked(List<Future<RenderedPage>> futures) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<Thread> snapshot;
      synchronized (threads) {
        snapshot = new ArrayList<>(threads);
      }
      boolean allParked = snapshot.size() >= futures.size() + 1
          && snapshot.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
      if (allParked) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the tasks did not reach the gate");
      }
      Thread.sleep(5);
    }
    for (Future<RenderedPage> f : futures) {
      assertThat(f).isNotDone();
    }
  }
}
