package io.surge.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Crowds of customers for concurrency tests: rows inserted directly (sharing one Argon2 hash) and
 * access tokens minted with the server's own signing key, so a test's time goes to what it measures,
 * not to hashing passwords.
 */
public final class Shoppers {

  private Shoppers() {
  }

  /** {@code count} new customers; returns their access tokens. */
  public static List<String> mint(Vertx vertx, int count) {
    return mint(vertx, TestServer.db(), count);
  }

  /** The same in another database (a second shop on the test server's PostgreSQL, with the same signing key). */
  public static List<String> mint(Vertx vertx, Pool db, int count) {
    String hash = Wait.forResult(db.query("SELECT password_hash FROM users LIMIT 1").execute())
      .iterator().next().getString(0);
    List<Tuple> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      rows.add(Tuple.of(id, "shopper-" + id + "@example.com", hash, "Shopper " + i));
    }
    Wait.forResult(db
      .preparedQuery("INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)")
      .executeBatch(rows));
    JsonObject jwt = TestServer.config().getJsonObject("jwt");
    JWTAuth signer;
    try {
      signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
        .setBuffer(Files.readString(Path.of(jwt.getString("privateKeyFile"))))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> tokens = new ArrayList<>();
    for (String id : ids) {
      tokens.add(signer.generateToken(new JsonObject().put("roles", new JsonArray().add("customer"))
        .put("jti", UUID.randomUUID().toString()),
        new JWTOptions().setAlgorithm("ES256").setIssuer(jwt.getString("issuer"))
          .setAudience(List.of(jwt.getString("audience")))
          .setSubject(id).setExpiresInSeconds(600)));
    }
    return tokens;
  }
}
