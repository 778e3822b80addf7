package io.surge.support.chat;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.UUID;

import static io.surge.shared.JsonTime.time;

/** Conversations, messages, read receipts and audit rows as the API and the WebSocket show them. */
final class ChatJson {

  private ChatJson() {
  }

  static String id(UUID id) {
    return id == null ? null : id.toString();
  }

  static JsonObject conversation(Row row) {
    return new JsonObject()
      .put("id", id(row.getUUID("id")))
      .put("status", row.getString("status"))
      .put("customer_id", id(row.getUUID("customer_id")))
      .put("customer_name", row.getString("customer_name"))
      .put("agent_id", id(row.getUUID("agent_id")))
      .put("agent_name", row.getString("agent_name"))
      .put("order_id", id(row.getUUID("order_id")))
      .put("subject", row.getString("subject"))
      .put("last_message_id", row.getLong("last_message_id"))
      .put("queued_at", time(row.getOffsetDateTime("queued_at")))
      .put("resolved_at", time(row.getOffsetDateTime("resolved_at")))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonArray conversations(RowSet<Row> rows) {
    JsonArray items = new JsonArray();
    rows.forEach(row -> items.add(conversation(row)));
    return items;
  }

  static JsonObject message(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("conversation_id", id(row.getUUID("conversation_id")))
      .put("sender_id", id(row.getUUID("sender_id")))
      .put("sender_role", row.getString("sender_role"))
      .put("client_id", row.getString("client_id"))
      .put("text", row.getString("body"))
      .put("at", time(row.getOffsetDateTime("created_at")));
  }

  static JsonArray reads(RowSet<Row> rows) {
    JsonArray reads = new JsonArray();
    rows.forEach(row -> reads.add(new JsonObject()
      .put("user_id", id(row.getUUID("user_id")))
      .put("message_id", row.getLong("message_id"))
      .put("read_at", time(row.getOffsetDateTime("read_at")))));
    return reads;
  }

  static JsonArray audit(RowSet<Row> rows) {
    JsonArray trail = new JsonArray();
    rows.forEach(row -> trail.add(new JsonObject()
      .put("action", row.getString("action"))
      .put("from_status", row.getString("from_status"))
      .put("to_status", row.getString("to_status"))
      .put("actor_id", id(row.getUUID("actor_id")))
      .put("agent_id", id(row.getUUID("agent_id")))
      .put("at", time(row.getOffsetDateTime("at")))));
    return trail;
  }

  static JsonArray orders(RowSet<Row> rows) {
    JsonArray orders = new JsonArray();
    rows.forEach(row -> orders.add(new JsonObject()
      .put("id", id(row.getUUID("id")))
      .put("status", row.getString("status"))
      .put("total", new Money(row.getLong("total_amount"), row.getString("currency")).toJson())
      .put("item_count", row.getInteger("item_count"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))));
    return orders;
  }

  /** "[time] customer: text" lines, cut to what a ticket message holds (10 000 characters). */
  static String transcript(RowSet<Row> rows) {
    StringBuilder text = new StringBuilder("Chat transcript\n");
    for (Row row : rows) {
      String line = "[" + row.getOffsetDateTime("created_at").toInstant() + "] " + row.getString("sender_role") + ": "
        + row.getString("body") + "\n";
      if (text.length() + line.length() > 10_000) {
        text.append("(cut: the full conversation is in the chat history)");
        break;
      }
      text.append(line);
    }
    return text.toString();
  }
}
