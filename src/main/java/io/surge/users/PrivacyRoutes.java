package io.surge.users;

import io.surge.auth.PasswordHasher;
import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ClientAddresses;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.surge.users.PrivacyBus.Subject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's rights over their data: take it all with them (one JSON document, each domain answering its part over
 * the event bus) and leave (their password, or an admin on their request; see {@link AccountErasure}).
 */
final class PrivacyRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final AccountErasure erasure;
  private final PrivacySettings settings;

  PrivacyRoutes(Vertx vertx, Pool pool, PasswordHasher hasher, LoginThrottle throttle, AccountErasure erasure,
    PrivacySettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.hasher = hasher;
    this.throttle = throttle;
    this.erasure = erasure;
    this.settings = settings;
  }

  void mount(RouterBuilder api) {
    api.getRoute("exportMyData").addHandler(this::export);
    api.getRoute("deleteMyAccount").addHandler(this::deleteMine);
    api.getRoute("adminEraseUser").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::adminErase);
  }

  private void export(RoutingContext ctx) {
    UUID userId = UUID.fromString(Roles.userId(ctx));
    Future<JsonObject> profile = pool.preparedQuery(UserSql.FIND_BY_ID).execute(Tuple.of(userId))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The user"))
        : Future.succeededFuture(UserJson.user(rows.iterator().next())));
    Future<JsonArray> addresses = pool.preparedQuery(UserSql.LIST_ADDRESSES).execute(Tuple.of(userId))
      .map(rows -> {
        JsonArray list = new JsonArray();
        rows.forEach(row -> list.add(UserJson.address(row)));
        return list;
      });
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.domainTimeoutMillis());
    List<Future<Object>> parts = PrivacyBus.EXPORT_PARTS.stream()
      .map(part -> vertx.eventBus().request(PrivacyBus.export(part), new Subject(userId).toJson(), options)
        .map(reply -> reply.body()))
      .toList();
    Future.all(profile, addresses, Future.all(parts))
      .onSuccess(v -> {
        JsonObject document = new JsonObject()
          .put("exported_at", JsonTime.time(OffsetDateTime.now()))
          .put("profile", profile.result())
          .put("addresses", addresses.result());
        for (int i = 0; i < parts.size(); i++) {
          document.put(PrivacyBus.EXPORT_PARTS.get(i), parts.get(i).result());
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_DISPOSITION,
          "attachment; filename=\"surge-data-" + userId + ".json\"");
        Replies.ok(ctx, document);
      })
      // a domain that did not answer makes the export fail as a whole (503), never a partial document
      .onFailure(e -> ctx.fail(e instanceof ApiException ? e : new ApiException(503, "export_unavailable",
        "Service unavailable", "Part of your data could not be gathered just now; nothing was changed. "
          + "Retry in a moment.",
        null, Map.of("Retry-After", "5"))));
  }

  /** Wrong passwords count like failed logins (per account and per client address), as a password change's do. */
  private void deleteMine(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID userId = UUID.fromString(Roles.userId(ctx));
    String account = "user:" + userId;
    String ip = ClientAddresses.of(ctx);
    throttle.check(account, ip)
      .compose(v -> pool.preparedQuery(UserSql.FIND_HASH_BY_ID).execute(Tuple.of(userId)))
      .compose(rows -> {
        Row user = rows.size() == 0 ? null : rows.iterator().next();
        return hasher.verify(body.getString("password"), user == null ? null : user.getString("password_hash"))
          .compose(ok -> ok ? Future.<Void>succeededFuture()
            : throttle.recordFailure(account, ip).compose(v -> Future.failedFuture(new ApiException(403,
              UserErrors.PASSWORD_MISMATCH, "Forbidden", "The password is wrong; the account was not deleted."))));
      })
      .compose(v -> throttle.succeeded(account, ip))
      .compose(v -> erasure.erase(userId, null, "customer request"))
      .onSuccess(complete -> answer(ctx, complete))
      .onFailure(ctx::fail);
  }

  private void adminErase(RoutingContext ctx) {
    UUID userId = Ids.parse(ctx.pathParam("id"), "The user");
    if (userId.toString().equals(Roles.userId(ctx))) {
      throw ApiException.conflict(UserErrors.CANNOT_ERASE_SELF, "An admin cannot erase their own account.");
    }
    String reason = ctx.body().asJsonObject().getString("reason");
    erasure.erase(userId, UUID.fromString(Roles.userId(ctx)), reason)
      .onSuccess(complete -> answer(ctx, complete))
      .onFailure(ctx::fail);
  }

  /** 204: erased everywhere. 202: closed and anonymised here; a domain's part follows (retried until confirmed). */
  private static void answer(RoutingContext ctx, boolean complete) {
    if (complete) {
      Replies.noContent(ctx);
      return;
    }
    ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(new JsonObject().put("status", "erasing").put("detail", "The account is closed and its personal data "
        + "erased here; the rest is being erased and will be within minutes.").toBuffer());
  }
}
