package io.surge.db;

import io.surge.config.ConfigBlock;
import io.surge.config.SurgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;

import java.util.Map;

/**
 * Applies the Flyway migrations in {@code db/migration} before the HTTP port opens. Flyway speaks
 * JDBC, so it runs once, on a worker thread; request traffic only ever uses the reactive client.
 */
public final class Migrations {

  private Migrations() {
  }

  public static Future<Integer> apply(Vertx vertx, JsonObject postgres) {
    String url = "jdbc:postgresql://" + SurgeConfig.text(postgres, "host") + ":" + postgres.getInteger("port")
      + "/" + postgres.getString("database");
    return vertx.executeBlocking(() -> Flyway.configure()
      .dataSource(url, postgres.getString("user"), new ConfigBlock("postgres", postgres).string("password"))
      .locations("classpath:db/migration")
      // Flyway's migration lock as a session advisory lock, not one held in an open transaction: CREATE INDEX
      // CONCURRENTLY waits for every transaction older than itself, Flyway's own lock included, so it never ended.
      .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
      .load()
      .migrate().migrationsExecuted, false);
  }
}
