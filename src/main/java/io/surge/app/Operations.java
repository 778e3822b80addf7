package io.surge.app;

import io.surge.auth.Roles;
import io.surge.flashsale.FlashSaleMeters;
import io.surge.http.Health;
import io.surge.http.Replies;
import io.surge.outbox.OutboxLag;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

/**
 * {@code GET /api/v1/admin/operations}: what the console's Operations page shows an admin in a browser (the management
 * port's {@code /metrics} and probes are for the cluster, not for browsers): dependency health checked now, the
 * outbox's backlog from PostgreSQL, and this instance's flash-sale writes waiting.
 */
final class Operations {

  private Operations() {
  }

  static void mount(RouterBuilder api, Pool pool, Health health) {
    api.getRoute("adminOperations").addHandler(Roles.require(Roles.ADMIN)).addHandler(ctx -> {
      Future<JsonObject> dependencies = health.check();
      Future<JsonObject> outbox = OutboxLag.read(pool);
      Future.all(dependencies, outbox).onSuccess(all -> {
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.ok(ctx, new JsonObject()
          .put("status", dependencies.result().getString("status"))
          .put("dependencies", dependencies.result().getJsonObject("components"))
          .put("outbox", outbox.result())
          .put("flash_sale_writes_pending", FlashSaleMeters.get().pendingWrites())
          .put("checked_at", java.time.Instant.now().toString()));
      }).onFailure(ctx::fail);
    });
  }
}
