package io.surge.support.tickets;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.UUID;

import static io.surge.shared.JsonTime.time;

/** Tickets as the API shows them. */
final class TicketJson {

  private TicketJson() {
  }

  private static String id(UUID id) {
    return id == null ? null : id.toString();
  }

  static JsonObject ticket(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("number", row.getLong("number"))
      .put("customer_id", row.getUUID("customer_id").toString())
      .put("subject", row.getString("subject"))
      .put("category", row.getString("category"))
      .put("status", row.getString("status"))
      .put("order_id", id(row.getUUID("order_id")))
      .put("conversation_id", id(row.getUUID("conversation_id")))
      .put("assignee_id", id(row.getUUID("assignee_id")))
      .put("solved_at", time(row.getOffsetDateTime("solved_at")))
      .put("last_reply_at", time(row.getOffsetDateTime("last_reply_at")))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonObject message(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("author_id", id(row.getUUID("author_id")))
      .put("author_role", row.getString("author_role"))
      .put("body", row.getString("body"))
      .put("internal", row.getBoolean("internal"))
      .put("created_at", time(row.getOffsetDateTime("created_at")));
  }

  /** For staff: who the customer is and what they bought lately. */
  static JsonObject customer(RowSet<Row> rows) {
    JsonObject customer = null;
    JsonArray orders = new JsonArray();
    for (Row row : rows) {
      if (customer == null) {
        customer = new JsonObject().put("id", row.getUUID("id").toString())
          .put("display_name", row.getString("display_name"))
          .put("email", row.getString("email")).put("recent_orders", orders);
      }
      if (row.getUUID("order_id") != null) {
        orders.add(
          new JsonObject().put("id", row.getUUID("order_id").toString()).put("status", row.getString("order_status"))
            .put("total", new Money(row.getLong("total_amount"), row.getString("currency")).toJson())
            .put("created_at", time(row.getOffsetDateTime("ordered_at"))));
      }
    }
    return customer;
  }

  static JsonArray history(RowSet<Row> rows) {
    JsonArray history = new JsonArray();
    rows.forEach(row -> history.add(new JsonObject()
      .put("change", row.getString("change"))
      .put("from", row.getString("from_value"))
      .put("to", row.getString("to_value"))
      .put("actor", row.getString("actor"))
      .put("actor_id", id(row.getUUID("actor_id")))
      .put("note", row.getString("note"))
      .put("at", time(row.getOffsetDateTime("at")))));
    return history;
  }
}
