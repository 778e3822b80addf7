package io.surge.support.tickets;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tickets and orders for ticket tests, made through the API. */
final class TicketFixtures {

  private final Api api;
  private final String admin;

  TicketFixtures(Api api) {
    this.api = api;
    this.admin = api.adminToken();
  }

  String admin() {
    return admin;
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
    JsonObject product = new JsonObject().put("slug", code.toLowerCase() + "-product").put("title", "Product " + code)
      .put("status", "active")
      .put("skus", new JsonArray().add(new JsonObject().put("code", code).put("price_amount", 1000).put("currency", "EUR")
        .put("on_hand", 10)));
    Reply created = api.post("/api/v1/admin/products", admin, product);
    assertEquals(201, created.status(), created::toString);
    String sku = created.json().getJsonArray("admin_skus").getJsonObject(0).getString("id");
    Reply cart = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + sku).bearer(token).send(new JsonObject().put("quantity", 1));
    assertEquals(200, cart.status(), cart::toString);
    Reply order = api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", "order-" + code)
      .send(new JsonObject().put("shipping_address", new JsonObject().put("recipient", "Ada Lovelace")
        .put("line1", "12 St James's Square").put("city", "London").put("postal_code", "SW1Y 4JH").put("country", "GB")));
    assertEquals(201, order.status(), order::toString);
    return order.json().getString("id");
  }

  Reply patch(String token, String ticketId, JsonObject change) {
    return api.call(HttpMethod.PATCH, "/api/v1/support/agent/tickets/" + ticketId).bearer(token).send(change);
  }

  Reply reply(String token, String ticketId, String body) {
    return api.post("/api/v1/support/tickets/" + ticketId + "/messages", token, new JsonObject().put("body", body));
  }
}
