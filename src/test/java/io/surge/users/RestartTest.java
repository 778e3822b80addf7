package io.surge.users;

import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class RestartTest {

  @Test
  @DisplayName("a user registered before a full restart (server and embedded services) can log in after it")
  void dataSurvivesRestart(Vertx vertx) {
    new Api(vertx).register("survivor@example.com");
    String tokenBefore = new Api(vertx).logIn("survivor@example.com", PASSWORD).getString("access_token");

    TestServer.restart();

    Api after = new Api(vertx);
    assertEquals("survivor@example.com", after.get("/api/v1/me", after.logIn("survivor@example.com", PASSWORD)
      .getString("access_token")).json().getString("email"));
    assertEquals(200, after.get("/api/v1/me", tokenBefore).status(), "the dev signing key survives too");
  }
}
