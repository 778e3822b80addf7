package io.surge.dev;

import io.surge.Infrastructure;
import io.surge.auth.PasswordHasher;
import io.surge.auth.Roles;
import io.surge.users.AdminBootstrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds what a developer needs to try the API: the admin account from {@code conf/dev.json} and,
 * while the catalog is empty, a demo catalog of {@code dev.demoProducts} products from {@code dev.demoSeed}.
 * Tests seed only the accounts (fast) and generate a catalog where they need one.
 */
public final class DemoData {

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private DemoData() {
  }

  /** Accounts, then the demo catalog if there are no products yet. */
  public static Future<Void> seed(Vertx vertx, JsonObject config) {
    return seedAccounts(vertx, config).compose(v -> seedCatalog(vertx, config));
  }

  public static Future<Void> seedAccounts(Vertx vertx, JsonObject config) {
    DevSettings dev = DevSettings.from(config);
    Pool pool = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    PasswordHasher hasher = new PasswordHasher(vertx, 1, 16);
    return AdminBootstrap.ensure(pool, hasher, dev.adminEmail(), dev.adminPassword(),
      dev.adminDisplayName(), Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN)
      .<Void>mapEmpty()
      .eventually(pool::close);
  }

  private static Future<Void> seedCatalog(Vertx vertx, JsonObject config) {
    DevSettings dev = DevSettings.from(config);
    int products = dev.demoProducts();
    if (products <= 0) {
      return Future.succeededFuture();
    }
    Pool pool = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    long start = System.nanoTime();
    return pool.query("SELECT EXISTS (SELECT 1 FROM products)").execute()
      .compose(rows -> rows.iterator().next().getBoolean(0)
        ? Future.succeededFuture(0)
        : DemoCatalog.generate(pool, dev.demoSeed(), products))
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("demo catalog: {} products in {} ms", count, (System.nanoTime() - start) / 1_000_000);
        }
      })
      .<Void>mapEmpty()
      .eventually(pool::close);
  }
}
