package io.surge.support.chat;

import io.surge.support.Shoppers;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Customers and agents for chat tests, with tokens signed by the server's own key. */
public final class ChatFixtures {

  /** A user who can chat: their id and access token. */
  public record Person(String id, String token) {
  }

  private ChatFixtures() {
  }

  public static List<Person> customers(Vertx vertx, int count) {
    return Shoppers.mint(vertx, count).stream().map(token -> new Person(subject(token), token)).toList();
  }

  public static Person agent(Vertx vertx, String name) {
    UUID id = UUID.randomUUID();
    String hash = Wait.forResult(TestServer.db().query("SELECT password_hash FROM users LIMIT 1").execute())
      .iterator().next().getString(0);
    Wait.forResult(TestServer.db().preparedQuery("INSERT INTO users (id, email, password_hash, display_name, roles) "
      + "VALUES ($1, $2, $3, $4, ARRAY['agent'])").execute(Tuple.of(id, "agent-" + id + "@surge.test", hash, name)));
    return new Person(id.toString(), token(vertx, id.toString(), new JsonArray().add("agent")));
  }

  static String token(Vertx vertx, String userId, JsonArray roles) {
    JsonObject jwt = TestServer.config().getJsonObject("jwt");
    try {
      JWTAuth signer = JWTAuth.create(vertx,
        new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
          .setBuffer(Files.readString(Path.of(jwt.getString("privateKeyFile"))))));
      return signer.generateToken(new JsonObject().put("roles", roles).put("jti", UUID.randomUUID().toString()),
        new JWTOptions().setAlgorithm("ES256").setIssuer(jwt.getString("issuer"))
          .setAudience(List.of(jwt.getString("audience")))
          .setSubject(userId).setExpiresInSeconds(600));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String subject(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    return new JsonObject(payload).getString("sub");
  }
}
