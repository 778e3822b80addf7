package io.surge;

import io.surge.auth.AccessTokens;
import io.surge.auth.JwtKeys;
import io.surge.auth.PasswordHasher;
import io.surge.config.SurgeConfig;
import io.surge.http.Idempotency;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The clients a verticle needs, built from configuration. The PostgreSQL pool is shared by name
 * across verticle instances; Redis and the token keys are cheap to hold per instance.
 */
public record Infrastructure(Vertx vertx, JsonObject config, Pool pg, RedisAPI redis, Redis redisClient,
                             AccessTokens accessTokens, PasswordHasher passwords, Idempotency idempotency) {

  public static Infrastructure create(Vertx vertx, JsonObject config) {
    Pool pg = postgres(vertx, config.getJsonObject("postgres"));
    Redis redisClient = redis(vertx, config.getJsonObject("redis"));
    JsonObject jwt = config.getJsonObject("jwt");
    return new Infrastructure(vertx, config, pg, RedisAPI.api(redisClient), redisClient,
      new AccessTokens(vertx, jwt, JwtKeys.fromConfig(jwt)),
      new PasswordHasher(vertx, config.getJsonObject("security").getInteger("passwordHashThreads", 2)),
      new Idempotency(pg, config.getJsonObject("idempotency").getInteger("ttlHours", 24)));
  }

  public static PgConnectOptions pgConnectOptions(JsonObject postgres) {
    return new PgConnectOptions()
      .setHost(SurgeConfig.text(postgres, "host"))
      .setPort(postgres.getInteger("port"))
      .setDatabase(postgres.getString("database"))
      .setUser(postgres.getString("user"))
      .setPassword(postgres.getString("password", ""))
      .setCachePreparedStatements(true)
      .setPipeliningLimit(256);
  }

  public static Pool postgres(Vertx vertx, JsonObject postgres) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(postgres.getInteger("poolSize", 16)).setShared(true).setName("surge-pg"))
      .connectingTo(pgConnectOptions(postgres))
      .using(vertx)
      .build();
  }

  public static Redis redis(Vertx vertx, JsonObject redis) {
    return Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(SurgeConfig.text(redis, "uri"))
      .setMaxPoolSize(redis.getInteger("poolSize", 16))
      .setMaxPoolWaiting(1024));
  }

  public void close() {
    pg.close();
    redisClient.close();
  }
}
