package dev.mypi.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes request log lines to their sink on a thread of its own. Jetty writes a request's log line
 * on the thread that completes the request, which for pages answered from memory is the selector
 * thread: a sink that blocks (standard output into a pipe nobody reads fast enough) would stall
 * every connection. Here the line is queued instead; when the queue is full (the sink cannot keep
 * up with {@value #CAPACITY} lines) lines are dropped and counted, and a warning says how many.
 * Stopping writes what is queued.
 */
final class BackgroundLogWriter extends AbstractLifeCycle implements RequestLog.Writer {
  private static final Logger logger = LoggerFactory.getLogger(BackgroundLogWriter.class);
  static final int CAPACITY = 16 * 1024;

  private final BlockingQueue<String> queue;
  private final Consumer<String> sink;
  private final AtomicLong dropped = new AtomicLong();
  private @Nullable Thread thread;
  private volatile boolean stopping;

  BackgroundLogWriter(Consumer<String> sink) {
    this(sink, CAPACITY);
  }

  BackgroundLogWriter(Consumer<String> sink, int capacity) {
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues {@code line}; never blocks. */
  @Override
  public void write(String line) {
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /** Returns how many lines were dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  @Override
  protected void doStart() {
    stopping = false;
    Thread t = new Thread(this::drain, "mypi-request-log");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  protected void doStop() throws InterruptedException {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>(256);
    long reported = 0;
    try {
      while (!stopping || !queue.isEmpty()) {
        String first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 255);
        for (String line : batch) {
          try {
            sink.accept(line);
          } catch (RuntimeException e) {
            logger.warn("Cannot write a request log line: {}", e.toString());
          }
        }
        batch.clear();
        long d = dropped.get();
        if (d > reported) {
          logger.warn("{} request log lines were dropped: the log's output did not keep up with the requests", d - reported);
          reported = d;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
