package io.surge.support.tickets;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The tickets domain's event-bus contract. {@link #OPEN} replies with the ticket as the API shows it; a
 * refusal is a {@link ReplyException} whose {@link ReplyException#failureCode() failure code} is one of the
 * codes below (the problem's HTTP status) and whose message is the problem's stable code.
 */
public final class TicketsBus {

  /** Local: {@link OpenTicket}; a conversation becomes at most one ticket (asked again, the same one answers). */
  public static final String OPEN = "surge.support.tickets.open";

  /** The request is not an {@link OpenTicket}. */
  public static final int BAD_REQUEST = 400;
  /** {@code conversation_taken}: the conversation already became another customer's ticket. */
  public static final int CONVERSATION_TAKEN = 409;
  /** {@code unknown_order} (not the customer's order) or {@code constraint_violated}. */
  public static final int UNPROCESSABLE = 422;
  /** Anything else; no ticket was opened. */
  public static final int INTERNAL_ERROR = 500;
  static final String BAD_REQUEST_CODE = "bad_request";
  static final String INTERNAL_ERROR_CODE = "internal_error";

  private TicketsBus() {
  }

  /** A ticket to open for a customer; {@code agentId} set when an agent opens it (from a chat), else the customer does. */
  public record OpenTicket(UUID customerId, String subject, String body, String category, UUID orderId,
    UUID conversationId, UUID agentId) {

    public JsonObject toJson() {
      return new JsonObject()
        .put("customer_id", customerId.toString())
        .put("subject", subject)
        .put("body", body)
        .put("category", category)
        .put("order_id", text(orderId))
        .put("conversation_id", text(conversationId))
        .put("agent_id", text(agentId));
    }

    public static OpenTicket from(JsonObject json) {
      return new OpenTicket(UUID.fromString(json.getString("customer_id")), json.getString("subject"),
        json.getString("body"), json.getString("category"), uuid(json.getString("order_id")),
        uuid(json.getString("conversation_id")), uuid(json.getString("agent_id")));
    }

    private static String text(UUID id) {
      return id == null ? null : id.toString();
    }

    private static UUID uuid(String value) {
      return value == null ? null : UUID.fromString(value);
    }
  }
}
