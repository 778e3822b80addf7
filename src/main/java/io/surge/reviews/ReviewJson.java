package io.surge.reviews;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import static io.surge.shared.JsonTime.time;

/** Reviews as the API shows them: the public view names the author by display name only. */
final class ReviewJson {

  private ReviewJson() {
  }

  /** What anyone may read about a published review. */
  static JsonObject published(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("product_id", row.getUUID("product_id").toString())
      .put("rating", row.getInteger("rating"))
      .put("title", row.getString("title"))
      .put("body", row.getString("body"))
      .put("author", row.getString("author"))
      .put("verified_purchase", true)
      .put("helpful_count", row.getInteger("helpful_count"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  /** The author's own view: also its status, whatever it is. */
  static JsonObject own(Row row) {
    return published(row).put("status", row.getString("status")).put("version", row.getInteger("version"));
  }

  /** A moderator's view: who wrote it and why it was held. */
  static JsonObject moderated(Row row) {
    return own(row)
      .put("user_id", row.getUUID("user_id").toString())
      .put("moderation_reason", row.getString("moderation_reason"))
      .put("moderated_at", time(row.getOffsetDateTime("moderated_at")));
  }
}
