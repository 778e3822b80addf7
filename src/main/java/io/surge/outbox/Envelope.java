package io.surge.outbox;

import io.surge.shared.JsonTime;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The wire form of an outbox row: {@code {id, type, occurred_at, aggregate_id, version, data}}. */
public final class Envelope {

  /**
   * The event's type, also as a record header (the CloudEvents Kafka binding's name): a consumer that wants one type
   * of many skips the rest without parsing their JSON (at a sale's peak, one {@code order.created} per purchase).
   */
  public static final String TYPE_HEADER = "ce_type";

  private Envelope() {
  }

  /**
   * The envelope's JSON text. The payload ({@link OutboxSql#PENDING}'s {@code data}, the text it was written as) goes in
   * as it is, not parsed and printed again: at a sale's peak that was a parse and a print per order event.
   */
  static String encode(Row row) {
    String head = new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("type", row.getString("type"))
      .put("occurred_at", JsonTime.time(row.getOffsetDateTime("occurred_at")))
      .put("aggregate_id", row.getUUID("aggregate_id").toString())
      .put("version", row.getInteger("version"))
      .encode();
    String data = row.getString("data");
    return new StringBuilder(head.length() + data.length() + 9).append(head, 0, head.length() - 1)
      .append(",\"data\":").append(data).append('}').toString();
  }
}
