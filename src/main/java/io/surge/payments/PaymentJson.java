package io.surge.payments;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;

import static io.surge.shared.JsonTime.time;

/**
 * Payments and refunds as the API shows them. The client secret is shown to the payer only, while it can be used,
 * with the publishable key the storefront hands Stripe.js along with it.
 */
final class PaymentJson {

  private PaymentJson() {
  }

  static JsonObject payment(Row row, List<Row> refunds, boolean payer, String publishableKey, String pageUrl) {
    String currency = row.getString("currency");
    PaymentStatus status = PaymentStatus.of(row.getString("status"));
    JsonObject json = new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("order_id", row.getUUID("order_id").toString())
      .put("attempt", row.getInteger("attempt"))
      .put("status", status.db())
      .put("amount", new Money(row.getLong("amount"), currency).toJson())
      .put("captured", new Money(row.getLong("captured_amount"), currency).toJson())
      .put("refunded", new Money(row.getLong("refunded_amount"), currency).toJson())
      .put("provider", row.getString("provider"))
      .put("provider_payment_id", row.getString("provider_payment_id"))
      .put("client_secret", payer && status.payable() ? row.getString("client_secret") : null)
      .put("publishable_key", payer && status.payable() ? publishableKey : null)
      .put("payment_page_url",
        payer && status.payable() && pageUrl != null && row.getString("provider_payment_id") != null
          ? pageUrl.replace("{id}", row.getString("provider_payment_id")) : null)
      .put("failure", row.getString("failure_code") == null && row.getString("failure_message") == null ? null
        : new JsonObject().put("code", row.getString("failure_code")).put("message", row.getString("failure_message")))
      .put("order_outcome", row.getString("order_outcome"))
      .put("succeeded_at", time(row.getOffsetDateTime("succeeded_at")))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
    JsonArray items = new JsonArray();
    for (Row refund : refunds) {
      if (refund.getUUID("payment_id").equals(row.getUUID("id"))) {
        items.add(refund(refund, currency));
      }
    }
    return json.put("refunds", items);
  }

  static JsonObject refund(Row row, String currency) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("payment_id", row.getUUID("payment_id").toString())
      .put("status", row.getString("status"))
      .put("amount", new Money(row.getLong("amount"), currency).toJson())
      .put("reason", row.getString("reason"))
      .put("goods_returned", row.getBoolean("goods_returned"))
      .put("initiated_by", row.getString("initiated_by"))
      .put("provider_refund_id", row.getString("provider_refund_id"))
      .put("failure_reason", row.getString("failure_reason"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("completed_at", time(row.getOffsetDateTime("completed_at")));
  }

  /** The outbox event's data. */
  static JsonObject event(Row payment) {
    return new JsonObject()
      .put("payment_id", payment.getUUID("id").toString())
      .put("order_id", payment.getUUID("order_id").toString())
      .put("user_id", payment.getUUID("user_id").toString())
      .put("status", payment.getString("status"))
      .put("amount", new Money(payment.getLong("amount"), payment.getString("currency")).toJson())
      .put("captured", new Money(payment.getLong("captured_amount"), payment.getString("currency")).toJson())
      .put("refunded", new Money(payment.getLong("refunded_amount"), payment.getString("currency")).toJson())
      .put("provider", payment.getString("provider"))
      .put("provider_payment_id", payment.getString("provider_payment_id"));
  }
}
