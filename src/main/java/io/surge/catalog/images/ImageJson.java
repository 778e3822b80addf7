package io.surge.catalog.images;

import io.surge.shared.JsonTime;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** Row to API JSON. Storage keys stay inside; clients get their {@code /media/...} URLs. */
final class ImageJson {

  private ImageJson() {
  }

  static JsonObject image(Row row) {
    JsonObject urls = new JsonObject();
    row.getJsonObject("renditions").forEach(e -> urls.put(e.getKey(), ImageStorage.url((String) e.getValue())));
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("product_id", row.getUUID("product_id").toString())
      .put("position", row.getInteger("position"))
      .put("content_type", row.getString("content_type"))
      .put("width", row.getInteger("width"))
      .put("height", row.getInteger("height"))
      .put("url", ImageStorage.url(row.getString("storage_key")))
      .put("renditions", urls)
      .put("created_at", JsonTime.time(row.getOffsetDateTime("created_at")));
  }

  /** Path ids: anything that is not a UUID names nothing, so it is a 404 rather than a database error. */
  static UUID id(String raw, String what) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // falls through to not found
    }
    throw io.surge.http.ApiException.notFound(what);
  }
}
