package io.surge;

import io.surge.auth.AccessTokens;
import io.surge.auth.JwtKeys;
import io.surge.auth.JwtSettings;
import io.surge.auth.PasswordHasher;
import io.surge.auth.SecuritySettings;
import io.surge.auth.SessionRevocations;
import io.surge.config.ConfigBlock;
import io.surge.config.SurgeConfig;
import io.surge.http.Idempotency;
import io.surge.http.IdempotencySettings;
import io.surge.observability.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.Arrays;
import java.util.List;

/**
 * The clients a verticle needs, built from configuration. The PostgreSQL pool is shared by name
 * across verticle instances; Redis and the token keys are cheap to hold per instance.
 */
public record Infrastructure(Vertx vertx, JsonObject config, Pool pg, RedisAPI redis, Redis redisClient,
  AccessTokens accessTokens, PasswordHasher passwords, Idempotency idempotency) {

  public static Infrastructure create(Vertx vertx, JsonObject config) {
    Pool pg = postgres(vertx, config.getJsonObject("postgres"));
    Redis redisClient = redis(vertx, config.getJsonObject("redis"));
    JwtSettings jwt = JwtSettings.from(config);
    RedisAPI redis = RedisAPI.api(redisClient);
    return new Infrastructure(vertx, config, pg, redis, redisClient,
      new AccessTokens(vertx, jwt, JwtKeys.fromConfig(jwt),
        new SessionRevocations(vertx, redis, jwt.accessTtlSeconds())),
      new PasswordHasher(vertx, SecuritySettings.from(config).passwordHashThreads(),
        SecuritySettings.from(config).passwordHashQueue()),
      new Idempotency(pg, IdempotencySettings.from(config)));
  }

  public static PgConnectOptions pgConnectOptions(JsonObject postgres) {
    return new PgConnectOptions()
      .setHost(SurgeConfig.text(postgres, "host"))
      .setPort(postgres.getInteger("port"))
      .setDatabase(postgres.getString("database"))
      .setUser(postgres.getString("user"))
      .setPassword(new ConfigBlock("postgres", postgres).string("password"))
      .setCachePreparedStatements(true)
      .setPipeliningLimit(256)
      .setTracingPolicy(Tracing.CLIENTS);
  }

  public static Pool postgres(Vertx vertx, JsonObject postgres) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(new ConfigBlock("postgres", postgres).integer("poolSize")).setShared(true)
        .setName("surge-pg"))
      .connectingTo(pgConnectOptions(postgres))
      .using(vertx)
      .build();
  }

  /**
   * The Redis client for {@code redis.type}: {@code standalone} (one server, {@code redis.uri}) or {@code cluster}
   * ({@code redis.uri} a comma list of seed nodes; the client learns the rest from CLUSTER SLOTS and follows MOVED
   * and ASK). Every command goes to the master of its slot: a replica answers reads late after a write (a cart just
   * changed, stock just taken), which the shop never wants.
   */
  public static Redis redis(Vertx vertx, JsonObject redis) {
    ConfigBlock block = new ConfigBlock("redis", redis);
    RedisOptions options = new RedisOptions()
      .setEndpoints(endpoints(SurgeConfig.text(redis, "uri")))
      .setMaxPoolSize(block.integer("poolSize"))
      .setMaxPoolWaiting(1024)
      .setTracingPolicy(Tracing.CLIENTS);
    String type = block.string("type").trim();
    switch (type) {
      case "standalone" -> options.setType(RedisClientType.STANDALONE);
      case "cluster" -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
      default -> throw new IllegalStateException(
        "Configuration key redis.type must be standalone or cluster, got '" + type + "'");
    }
    return Redis.createClient(vertx, options);
  }

  /** {@code redis.uri} split on commas: one server, or a cluster's seed nodes. */
  public static List<String> endpoints(String uri) {
    if (uri == null) {
      throw new IllegalStateException("Configuration key redis.uri is missing");
    }
    List<String> endpoints = Arrays.stream(uri.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    if (endpoints.isEmpty()) {
      throw new IllegalStateException("Configuration key redis.uri is missing");
    }
    return endpoints;
  }

  public void close() {
    pg.close();
    redisClient.close();
  }
}
