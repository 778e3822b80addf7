package io.surge.outbox;

/** The outbox's event-bus address. */
public final class OutboxBus {

  /** Local, no body: a writer publishes here after its commit, so the relay sends without waiting to poll. */
  public static final String NUDGE = "surge.outbox.nudge";

  private OutboxBus() {
  }
}
