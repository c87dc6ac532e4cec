package dev.mypi.core.internal.index;

import dev.mypi.core.RenderedPage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Lets one thread render a page while the others that miss the same page wait for its result
 * instead of rendering it too. Without it, a burst of requests for a page that is not cached
 * (after a start, or after every change to a busy project) renders the page once per request at
 * the same time: for the root page of 100,000 projects that is several megabytes of output buffer
 * per waiting thread, which exhausted a 160 MiB heap with 32 concurrent clients.
 *
 * <p>A waiter accepts the shared result only if it shows at least the serial the waiter asked
 * for; a rendering that started before a change is not handed to a request that saw the change.
 */
final class RenderGate {
  private final ConcurrentHashMap<String, CompletableFuture<RenderedPage>> inFlight = new ConcurrentHashMap<>();

  /**
   * Returns a page of {@code key} showing {@code serial} or later: the one another thread is
   * rendering if it does, else the one {@code render} makes on this thread. Exceptions thrown by
   * {@code render} reach this caller and the waiters of this rendering.
   */
  RenderedPage render(String key, long serial, Supplier<RenderedPage> render) {
    while (true) {
      CompletableFuture<RenderedPage> mine = new CompletableFuture<>();
      CompletableFuture<RenderedPage> running = inFlight.putIfAbsent(key, mine);
      if (running == null) {
        try {
          RenderedPage page = render.get();
          mine.complete(page);
          return page;
        } catch (RuntimeException | Error e) {
          mine.completeExceptionally(e);
          throw e;
        } finally {
          inFlight.remove(key, mine);
        }
      }
      RenderedPage shared;
      try {
        shared = running.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
      if (shared.serial() >= serial) {
        return shared;
      }
      // That rendering began before the change this request saw: render (or wait) again.
    }
  }

  /** Returns how many renderings are running; for tests. */
  int inFlight() {
    return inFlight.size();
  }
}
