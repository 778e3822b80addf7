package io.surge.docs;

import io.surge.client.ApiClient;
import io.surge.client.api.AuthApi;
import io.surge.client.api.CartApi;
import io.surge.client.api.OrdersApi;
import io.surge.client.api.SearchApi;
import io.surge.client.model.Amount;
import io.surge.client.model.Cart;
import io.surge.client.model.CartQuantity;
import io.surge.client.model.Checkout;
import io.surge.client.model.Login;
import io.surge.client.model.Order;
import io.surge.client.model.OrderStatus;
import io.surge.client.model.Registration;
import io.surge.client.model.SearchHit;
import io.surge.client.model.SearchResults;
import io.surge.client.model.ShippingAddress;
import io.surge.client.model.Tokens;
import io.surge.client.model.User;
import io.surge.support.Api;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The Java client that openapi-generator makes from surge.yaml in this build (target/generated-test-sources), run
 * through a storefront's main flow: if the document misnamed a field, a type or a status, this flow breaks.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class GeneratedClientTest {

  @Test
  @DisplayName("a client generated from the document registers, logs in, searches, fills a cart, checks out and reads the order")
  void storefrontFlowThroughGeneratedClient(Vertx vertx) throws Exception {
    ShopFixture shop = new ShopFixture(new Api(vertx));
    shop.product("LANTERN", 2_450, 10);

    ApiClient anonymous = new ApiClient();
    anonymous.updateBaseUri(TestServer.baseUrl());
    String email = "generated-" + UUID.randomUUID() + "@example.com";
    User user = new AuthApi(anonymous).registerUser(
      new Registration().email(email).password(Api.PASSWORD).displayName("Generated Client"), null);
    assertEquals(email, user.getEmail());
    Tokens tokens = new AuthApi(anonymous).logIn(new Login().email(email).password(Api.PASSWORD));

    SearchResults found = Wait.until("the product is found", Duration.ofSeconds(10),
      () -> new SearchApi(anonymous).searchProducts("lantern", null, null, null, null, null, null, null),
      results -> !results.getItems().isEmpty());
    SearchHit hit = found.getItems().get(0);
    assertEquals("lantern-product", hit.getSlug());

    ApiClient customer = new ApiClient();
    customer.updateBaseUri(TestServer.baseUrl());
    customer.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + tokens.getAccessToken()));
    Cart cart = new CartApi(customer).putCartItem("LANTERN", new CartQuantity().quantity(2), null);
    assertEquals(2, cart.getItemCount());
    assertEquals("LANTERN", cart.getLines().get(0).getSkuCode());

    OrdersApi orders = new OrdersApi(customer);
    Order placed = orders.checkout(UUID.randomUUID().toString(), new Checkout().shippingAddress(new ShippingAddress()
      .recipient("Ada Lovelace").line1("12 St James's Square").city("London").postalCode("SW1Y 4JH").country("GB")));
    assertEquals(OrderStatus.PENDING_PAYMENT, placed.getStatus());
    assertNotNull(placed.getPaymentDeadline());

    Order read = orders.getOrder(placed.getId().toString());
    assertEquals(placed.getId(), read.getId());
    assertEquals(new Amount().amount(4_900L).currency("EUR"), read.getTotal());
    assertEquals(2, read.getLines().get(0).getQuantity());
  }
}
