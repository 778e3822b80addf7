package io.surge.support.tickets;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tickets and orders for ticket tests, made through the API. */
final class TicketFixtures {

  private final Api api;
  private final ShopFixture shop;

  TicketFixtures(Api api) {
    this.api = api;
    this.shop = new ShopFixture(api);
  }

  String admin() {
    return shop.admin();
  }

  /** Opens a ticket as the customer; returns the 201 body. */
  JsonObject open(String token, String subject, String category) {
    Reply reply = api.post("/api/v1/support/tickets", token,
      new JsonObject().put("subject", subject).put("body", "Please help: " + subject).put("category", category));
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  /** One pending-payment order of the customer's (one product, one unit); returns its id. */
  String order(String token, String code) {
    return shop.order(token, shop.sku(code, 1000, 10), 1);
  }

  Reply patch(String token, String ticketId, JsonObject change) {
    return api.call(HttpMethod.PATCH, "/api/v1/support/agent/tickets/" + ticketId).bearer(token).send(change);
  }

  Reply reply(String token, String ticketId, String body) {
    return api.post("/api/v1/support/tickets/" + ticketId + "/messages", token, new JsonObject().put("body", body));
  }
}
