package io.surge.users;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The caller's address book. Every query is scoped by the caller's user id, so another user's
 * address is simply not found (404), never forbidden: its existence is not revealed.
 */
final class AddressRoutes {

  static final int MAX_ADDRESSES = 20;

  private final Pool pool;
  private final Idempotency idempotency;

  AddressRoutes(Pool pool, Idempotency idempotency) {
    this.pool = pool;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("listAddresses").addHandler(this::list);
    api.getRoute("createAddress").addHandler(idempotency.handler(false)).addHandler(this::create);
    api.getRoute("getAddress").addHandler(this::get);
    api.getRoute("updateAddress").addHandler(this::update);
    api.getRoute("deleteAddress").addHandler(this::delete);
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery(UserSql.LIST_ADDRESSES).execute(Tuple.of(owner(ctx)))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(UserJson.address(row)));
        Replies.ok(ctx, new JsonObject().put("items", items).put("next_cursor", null));
      })
      .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    UUID owner = owner(ctx);
    UUID id = UUID.randomUUID();
    JsonObject body = ctx.body().asJsonObject();
    pool.withTransaction(conn -> conn.preparedQuery(UserSql.COUNT_ADDRESSES).execute(Tuple.of(owner))
      .compose(count -> count.iterator().next().getLong(0) >= MAX_ADDRESSES
        ? Future.failedFuture(
          ApiException.conflict(UserErrors.ADDRESS_LIMIT, "You can keep at most " + MAX_ADDRESSES + " addresses."))
        : clearOtherDefaults(conn, owner, id, body.getBoolean("is_default", false)))
      .compose(v -> conn.preparedQuery(UserSql.INSERT_ADDRESS).execute(Tuple.from(new Object[] {
        id, owner, body.getString("label"), body.getString("recipient"), body.getString("line1"),
        body.getString("line2"), body.getString("city"), body.getString("region"), body.getString("postal_code"),
        body.getString("country"), body.getString("phone"), body.getBoolean("is_default", false)}))))
      .onSuccess(rows -> Replies.created(ctx, "/api/v1/me/addresses/" + id, UserJson.address(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    find(pool, addressId(ctx), owner(ctx))
      .onSuccess(row -> Replies.ok(ctx, UserJson.address(row), row.getInteger("version")))
      .onFailure(ctx::fail);
  }

  /** Merge-patch: fields present in the body replace the stored ones; {@code If-Match} guards the version. */
  private void update(RoutingContext ctx) {
    UUID owner = owner(ctx);
    UUID id = addressId(ctx);
    JsonObject patch = ctx.body().asJsonObject();
    Integer expected = ETags.expectedVersion(ctx);
    pool.withTransaction(conn -> find(conn, id, owner)
      .compose(row -> {
        int version = row.getInteger("version");
        ETags.requireCurrent(expected, version, "The address has changed since you read it.");
        JsonObject merged = UserJson.address(row).mergeIn(patch);
        return clearOtherDefaults(conn, owner, id, merged.getBoolean("is_default"))
          .compose(v -> conn.preparedQuery(UserSql.UPDATE_ADDRESS).execute(Tuple.from(new Object[] {
            id, owner, version, merged.getString("label"), merged.getString("recipient"), merged.getString("line1"),
            merged.getString("line2"), merged.getString("city"), merged.getString("region"),
            merged.getString("postal_code"), merged.getString("country"), merged.getString("phone"),
            merged.getBoolean("is_default")})));
      }))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.preconditionFailed("The address has changed since you read it."));
          return;
        }
        Row row = rows.iterator().next();
        Replies.ok(ctx, UserJson.address(row), row.getInteger("version"));
      })
      .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    pool.preparedQuery(UserSql.DELETE_ADDRESS).execute(Tuple.of(addressId(ctx), owner(ctx)))
      .onSuccess(rows -> {
        if (rows.rowCount() == 0) {
          ctx.fail(ApiException.notFound("The address"));
        } else {
          Replies.noContent(ctx);
        }
      })
      .onFailure(ctx::fail);
  }

  private static Future<Row> find(io.vertx.sqlclient.SqlClient client, UUID id, UUID owner) {
    return client.preparedQuery(UserSql.FIND_ADDRESS).execute(Tuple.of(id, owner)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The address"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  private static Future<Void> clearOtherDefaults(SqlConnection conn, UUID owner, UUID keep, boolean becomesDefault) {
    return becomesDefault
      ? conn.preparedQuery(UserSql.CLEAR_DEFAULT_ADDRESS).execute(Tuple.of(owner, keep)).mapEmpty()
      : Future.succeededFuture();
  }

  private static UUID owner(RoutingContext ctx) {
    return UUID.fromString(Roles.userId(ctx));
  }

  static UUID addressId(RoutingContext ctx) {
    return Ids.parse(ctx.pathParam("id"), "The address");
  }
}
