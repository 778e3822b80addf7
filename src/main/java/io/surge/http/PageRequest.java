package io.surge.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Cursor pagination: {@code limit} (1..100, default 20) and an opaque {@code cursor} that holds the
 * sort key of the last item served. Lists answer {@code {"items": [...], "next_cursor": ...}}.
 */
public record PageRequest(int limit, JsonArray after) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public static PageRequest from(RoutingContext ctx) {
    String limitParam = ctx.request().getParam("limit");
    int limit = DEFAULT_LIMIT;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.invalidParameter("limit", "range", "limit must be between 1 and " + MAX_LIMIT + ".");
      }
    }
    String cursor = ctx.request().getParam("cursor");
    return new PageRequest(limit, cursor == null || cursor.isEmpty() ? null : decode(cursor));
  }

  /** Fetch one more row than the page holds, to know whether a next page exists. */
  public int fetchSize() {
    return limit + 1;
  }

  public static String encode(JsonArray sortKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonArray decode(String cursor) {
    JsonArray after;
    try {
      after = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalidCursor();
    }
    // its values go to PostgreSQL as they are
    if (after.isEmpty() || StorableText.fieldWithNul(after, "cursor") != null) {
      throw invalidCursor();
    }
    return after;
  }

  /** A sort key that is one number (an id, a sequence) of the last item served: null on the first page. */
  public Long longAfter() {
    if (after == null) {
      return null;
    }
    try {
      return after.getLong(0);
    } catch (RuntimeException e) {
      throw invalidCursor();
    }
  }

  /**
   * The usual sort key, (time, id), of the last item served: {@code {null, null}} on the first page.
   * Lists sorted by a timestamp with the id as tie-breaker all page this way.
   */
  public Object[] timeAndIdAfter() {
    if (after == null) {
      return new Object[] {null, null};
    }
    try {
      return new Object[] {OffsetDateTime.parse(after.getString(0)), UUID.fromString(after.getString(1))};
    } catch (RuntimeException e) {
      throw invalidCursor();
    }
  }

  /** The sort key {@link #timeAndIdAfter} reads back. */
  public static JsonArray timeAndId(String time, String id) {
    return new JsonArray().add(time).add(id);
  }

  public static ApiException invalidCursor() {
    return ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
  }

  /** Builds the page body from {@code fetchSize()} rows already mapped to JSON. */
  public JsonObject page(JsonArray rows, java.util.function.Function<JsonObject, JsonArray> sortKey) {
    JsonArray items = new JsonArray();
    String next = null;
    for (int i = 0; i < rows.size() && i < limit; i++) {
      items.add(rows.getJsonObject(i));
    }
    if (rows.size() > limit) {
      next = encode(sortKey.apply(items.getJsonObject(items.size() - 1)));
    }
    return new JsonObject().put("items", items).put("next_cursor", next);
  }
}
