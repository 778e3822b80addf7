package io.surge.orders;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import static io.surge.shared.JsonTime.time;

/** Return requests as the API shows them, to the customer on their order and to staff in their list. */
final class ReturnJson {

  private ReturnJson() {
  }

  static JsonObject of(Row row) {
    String currency = row.getString("currency");
    Long refund = row.getLong("refund_amount");
    Object approved = row.getValue("approved_lines");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("order_id", row.getUUID("order_id").toString())
      .put("user_id", row.getUUID("user_id").toString())
      .put("status", row.getString("status"))
      .put("reason", row.getString("reason"))
      .put("lines", row.getValue("lines"))
      .put("order_status_before", row.getString("order_status_before"))
      .put("approved_lines", approved instanceof JsonArray lines ? lines : null)
      .put("refund", refund == null ? null : new Money(refund, currency).toJson())
      .put("decision_reason", row.getString("decision_reason"))
      .put("decided_at", time(row.getOffsetDateTime("decided_at")))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }
}
