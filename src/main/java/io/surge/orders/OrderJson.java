package io.surge.orders;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import static io.surge.shared.JsonTime.time;

/** Orders as the API shows them. Money is {@code {"amount": minor units, "currency": "EUR"}}. */
final class OrderJson {

  private OrderJson() {
  }

  static JsonObject summary(Row row) {
    String currency = row.getString("currency");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("user_id", row.getUUID("user_id").toString())
      .put("status", row.getString("status"))
      .put("source", row.getString("source"))
      .put("subtotal", new Money(row.getLong("subtotal_amount"), currency).toJson())
      .put("shipping", new Money(row.getLong("shipping_amount"), currency).toJson())
      .put("total", new Money(row.getLong("total_amount"), currency).toJson())
      .put("item_count", row.getInteger("item_count"))
      .put("shipping_address", row.getJsonObject("shipping_address"))
      .put("payment_deadline", time(row.getOffsetDateTime("payment_deadline")))
      .put("paid_at", time(row.getOffsetDateTime("paid_at")))
      .put("shipped_at", time(row.getOffsetDateTime("shipped_at")))
      .put("delivered_at", time(row.getOffsetDateTime("delivered_at")))
      .put("completed_at", time(row.getOffsetDateTime("completed_at")))
      .put("cancelled_at", time(row.getOffsetDateTime("cancelled_at")))
      .put("carrier", row.getString("carrier"))
      .put("tracking_number", row.getString("tracking_number"))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonArray lines(RowSet<Row> rows, String currency) {
    JsonArray lines = new JsonArray();
    rows.forEach(row -> lines.add(new JsonObject()
      .put("line_no", row.getInteger("line_no"))
      .put("sku_id", row.getUUID("sku_id").toString())
      .put("product_id", row.getUUID("product_id").toString())
      .put("sku_code", row.getString("sku_code"))
      .put("title", row.getString("title"))
      .put("options", row.getJsonObject("options"))
      .put("unit_price", new Money(row.getLong("unit_amount"), currency).toJson())
      .put("quantity", row.getInteger("quantity"))
      .put("line_total", new Money(row.getLong("line_amount"), currency).toJson())));
    return lines;
  }

  static JsonArray history(RowSet<Row> rows) {
    JsonArray history = new JsonArray();
    rows.forEach(row -> history.add(new JsonObject()
      .put("from", row.getString("from_status"))
      .put("to", row.getString("to_status"))
      .put("actor", row.getString("actor"))
      .put("reason", row.getString("reason"))
      .put("at", time(row.getOffsetDateTime("at")))));
    return history;
  }
}
