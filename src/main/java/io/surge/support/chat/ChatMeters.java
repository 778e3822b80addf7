package io.surge.support.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.surge.observability.Meters;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Support chat's meters: open connections, messages posted, the assignment queue and how long customers wait. */
final class ChatMeters {

  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  private static final AtomicInteger QUEUED = new AtomicInteger();
  private static final Counter MESSAGES = Counter.builder("surge.chat.messages")
    .description("Chat messages posted (customers and agents; duplicates not counted)").register(Meters.registry());
  private static final Timer WAIT = Timer.builder("surge.chat.assignment.wait")
    .description("How long a conversation waited in the queue before an agent got it").register(Meters.registry());

  static {
    Gauge.builder("surge.chat.connections", CONNECTIONS, AtomicInteger::get)
      .description("Open support-chat WebSocket connections on this instance").register(Meters.registry());
    Gauge.builder("surge.chat.queue.length", QUEUED, AtomicInteger::get)
      .description("Conversations waiting for an agent, as of the last assignment run").register(Meters.registry());
  }

  private ChatMeters() {
  }

  /** Registers the meters now (class initialisation), so a dashboard shows 0 before the first connection. */
  static void register() {
    // nothing more: calling it initialises the class, which registers the meters
  }

  static void connected() {
    CONNECTIONS.incrementAndGet();
  }

  static void disconnected() {
    CONNECTIONS.decrementAndGet();
  }

  static void posted() {
    MESSAGES.increment();
  }

  static void queue(int waiting) {
    QUEUED.set(waiting);
  }

  static void assigned(Duration waited) {
    WAIT.record(waited.isNegative() ? Duration.ZERO : waited);
  }
}
