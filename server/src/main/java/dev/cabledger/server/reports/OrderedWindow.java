package dev.cabledger.server.reports;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks on a pool ahead of their consumer, and hands their results to it in the order the
 * tasks were submitted: at most {@code window} tasks are pending, so what they hold is bounded
 * whatever the number of tasks. A report verifies its pages' entries so, on every core, while it
 * still writes the pages in log order.
 *
 * @param <T> what a task makes
 */
final class OrderedWindow<T> {
  private final ExecutorService pool;
  private final int window;
  private final Consumer<T> consumer;
  private final Deque<Future<T>> pending = new ArrayDeque<>();

  OrderedWindow(ExecutorService pool, int window, Consumer<T> consumer) {
    if (window < 1) {
      throw new IllegalArgumentException("the window holds at least one task");
    }
    this.pool = pool;
    this.window = window;
    this.consumer = consumer;
  }

  /** Submits a task, first consuming the oldest results while the window is full. */
  void submit(Supplier<T> task) {
    while (pending.size() >= window) {
      consumeOldest();
    }
    pending.add(pool.submit(task::get));
  }

  /** Consumes every pending result, in order. */
  void finish() {
    while (!pending.isEmpty()) {
      consumeOldest();
    }
  }

  /** Cancels what is still pending (after a failure, when no result is wanted any more). */
  void cancel() {
    pending.forEach(f -> f.cancel(true));
    pending.clear();
  }

  private void consumeOldest() {
    Future<T> oldest = pending.removeFirst();
    T result;
    try {
      result = oldest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a report's page");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException r -> throw r;
        case Error r -> throw r;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
    consumer.accept(result);
  }
}
