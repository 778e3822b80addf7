package io.surge.support.tickets;

/**
 * The problem {@code code}s of support tickets.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class TicketErrors {

  static final String CONSTRAINT_VIOLATED = "constraint_violated";
  static final String CONVERSATION_TAKEN = "conversation_taken";
  static final String TICKET_CLOSED = "ticket_closed";
  static final String UNKNOWN_AGENT = "unknown_agent";
  static final String UNKNOWN_ORDER = "unknown_order";

  private TicketErrors() {
  }
}
