package io.surge.users;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;

import static io.surge.shared.JsonTime.time;

/** Row to API JSON for users and addresses. The password hash never leaves the database layer. */
final class UserJson {

  private UserJson() {
  }

  static JsonObject user(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("email", row.getString("email"))
      .put("display_name", row.getString("display_name"))
      .put("phone", row.getString("phone"))
      .put("roles", roles(row))
      .put("disabled", row.getOffsetDateTime("disabled_at") != null)
      .put("erased", row.getOffsetDateTime("erased_at") != null)
      .put("customer_ref", row.getString("customer_ref"))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonObject address(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("label", row.getString("label"))
      .put("recipient", row.getString("recipient"))
      .put("line1", row.getString("line1"))
      .put("line2", row.getString("line2"))
      .put("city", row.getString("city"))
      .put("region", row.getString("region"))
      .put("postal_code", row.getString("postal_code"))
      .put("country", row.getString("country"))
      .put("phone", row.getString("phone"))
      .put("is_default", row.getBoolean("is_default"))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonArray roles(Row row) {
    return new JsonArray(List.of(row.getArrayOfStrings("roles")));
  }
}
