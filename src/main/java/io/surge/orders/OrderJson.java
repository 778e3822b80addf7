package io.surge.orders;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.OffsetDateTime;
import java.util.UUID;

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

  /**
   * A checkout's order exactly as {@link OrderReads#full} will read it back, from what {@link OrderLedger#insert}
   * writes, before it is written (the checkout answers with it in the same transaction, to record it for replays):
   * the columns the insert leaves to their defaults (V4: source, shipping, version, no timestamps but the creation's)
   * as they are; {@code createdAt} the transaction's now(), which is also when its one history entry was made; and a
   * new order has no return requests. OrderFlowTest compares this answer with the order read back.
   */
  static JsonObject placed(OrderLedger.NewOrder order, OffsetDateTime createdAt) {
    String currency = order.currency();
    JsonArray lines = new JsonArray();
    int itemCount = 0;
    for (int i = 0; i < order.lines().size(); i++) {
      OrderLedger.Line line = order.lines().get(i);
      itemCount += line.quantity();
      lines.add(line(i + 1, line.skuId(), line.productId(), line.skuCode(), line.title(), line.options(),
        new Money(line.unitAmount(), currency), line.quantity(),
        new Money(line.unitAmount() * line.quantity(), currency)));
    }
    Money total = new Money(order.total(), currency);
    JsonArray history = new JsonArray().add(historyEntry(null, OrderStatus.PENDING_PAYMENT.db(),
      OrderLedger.CHECKOUT_ACTOR, OrderLedger.CHECKOUT_REASON, createdAt));
    return new JsonObject()
      .put("id", order.id().toString())
      .put("user_id", order.userId().toString())
      .put("status", OrderStatus.PENDING_PAYMENT.db())
      .put("source", "checkout")
      .put("subtotal", total.toJson())
      .put("shipping", new Money(0, currency).toJson())
      .put("total", total.toJson())
      .put("item_count", itemCount)
      .put("shipping_address", order.shippingAddress())
      .put("payment_deadline", time(order.paymentDeadline()))
      .put("paid_at", null)
      .put("shipped_at", null)
      .put("delivered_at", null)
      .put("completed_at", null)
      .put("cancelled_at", null)
      .put("carrier", null)
      .put("tracking_number", null)
      .put("version", 1)
      .put("created_at", time(createdAt))
      .put("updated_at", time(createdAt))
      .put("lines", lines).put("history", history).put("returns", new JsonArray());
  }

  static JsonArray lines(RowSet<Row> rows, String currency) {
    JsonArray lines = new JsonArray();
    rows.forEach(row -> lines.add(line(row.getInteger("line_no"), row.getUUID("sku_id"), row.getUUID("product_id"),
      row.getString("sku_code"), row.getString("title"), row.getJsonObject("options"),
      new Money(row.getLong("unit_amount"), currency), row.getInteger("quantity"),
      new Money(row.getLong("line_amount"), currency))));
    return lines;
  }

  static JsonArray history(RowSet<Row> rows) {
    JsonArray history = new JsonArray();
    rows.forEach(row -> history.add(historyEntry(row.getString("from_status"), row.getString("to_status"),
      row.getString("actor"), row.getString("reason"), row.getOffsetDateTime("at"))));
    return history;
  }

  private static JsonObject line(int lineNo, UUID skuId, UUID productId, String skuCode, String title,
    JsonObject options, Money unitPrice, int quantity, Money lineTotal) {
    return new JsonObject()
      .put("line_no", lineNo)
      .put("sku_id", skuId.toString())
      .put("product_id", productId.toString())
      .put("sku_code", skuCode)
      .put("title", title)
      .put("options", options)
      .put("unit_price", unitPrice.toJson())
      .put("quantity", quantity)
      .put("line_total", lineTotal.toJson());
  }

  private static JsonObject historyEntry(String from, String to, String actor, String reason, OffsetDateTime at) {
    return new JsonObject().put("from", from).put("to", to).put("actor", actor).put("reason", reason)
      .put("at", time(at));
  }
}
