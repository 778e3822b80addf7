package io.surge.dev;

import io.surge.Infrastructure;
import io.surge.auth.PasswordHasher;
import io.surge.auth.Roles;
import io.surge.users.AdminBootstrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** Seeds what a developer needs to try the API: the admin account from {@code conf/dev.json}. */
public final class DemoData {

  private DemoData() {
  }

  public static Future<Void> seed(Vertx vertx, JsonObject config) {
    JsonObject dev = config.getJsonObject("dev");
    Pool pool = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    PasswordHasher hasher = new PasswordHasher(vertx, 1);
    return AdminBootstrap.ensure(pool, hasher, dev.getString("adminEmail"), dev.getString("adminPassword"),
        dev.getString("adminDisplayName", "Surge Admin"), Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN)
      .<Void>mapEmpty()
      .eventually(pool::close);
  }
}
