package io.surge.catalog.images;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.surge.catalog.images.ImageFixtures.imageRows;
import static io.surge.catalog.images.ImageFixtures.imagesPath;
import static io.surge.catalog.images.ImageFixtures.product;
import static io.surge.catalog.images.ImageFixtures.productVersion;
import static io.surge.catalog.images.ImageFixtures.storedFiles;
import static io.surge.catalog.images.ImageFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ImageOrderTest {

  private Api api;
  private String admin;
  private UUID productId;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    admin = api.adminToken();
    productId = product("test-shirt");
  }

  @Test
  @DisplayName("the order names the product's images; positions follow it and the product's version moves on")
  void reorderSetsPositions() {
    List<String> ids = uploadThree(productId);
    int version = productVersion(productId);

    Reply reply = order(productId, new JsonArray().add(ids.get(2)).add(ids.get(0)).add(ids.get(1)));

    assertEquals(200, reply.status(), reply::toString);
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1)), List.of(
      items.getJsonObject(0).getString("id"), items.getJsonObject(1).getString("id"),
      items.getJsonObject(2).getString("id")));
    assertEquals(0, position(ids.get(2)));
    assertEquals(1, position(ids.get(0)));
    assertEquals(2, position(ids.get(1)));
    assertEquals(version + 1, productVersion(productId));
  }

  @Test
  @DisplayName("an order missing an image, or naming another product's image, is 409 image_set_mismatch and changes nothing")
  void orderMustNameExactlyTheProductsImages() {
    List<String> ids = uploadThree(productId);
    UUID other = product("other-shirt");
    String foreign = upload(api, admin, other, "b.png", "image/png", TestImages.png(50, 50, false)).json()
      .getString("id");
    int version = productVersion(productId);

    Reply missing = order(productId, new JsonArray().add(ids.get(1)).add(ids.get(0)));
    assertEquals(409, missing.status(), missing::toString);
    assertEquals("image_set_mismatch", missing.code());

    Reply withForeign = order(productId, new JsonArray().add(ids.get(1)).add(ids.get(0)).add(ids.get(2)).add(foreign));
    assertEquals(409, withForeign.status(), withForeign::toString);
    Reply swapped = order(productId, new JsonArray().add(ids.get(1)).add(ids.get(0)).add(foreign));
    assertEquals(409, swapped.status(), swapped::toString);

    assertEquals(0, position(ids.get(0)));
    assertEquals(version, productVersion(productId), "a refused order leaves the version alone");
    assertEquals(404, order(UUID.randomUUID(), new JsonArray().add(ids.get(0))).status());
  }

  @Test
  @DisplayName("deleting an image removes its row and its files; its URLs then answer 404")
  void deleteRemovesRowAndFiles() {
    List<String> ids = uploadThree(productId);
    JsonObject renditions = imageRow(ids.get(1));
    long files = storedFiles();

    Reply deleted = api.call(HttpMethod.DELETE, imagesPath(productId) + "/" + ids.get(1)).bearer(admin).send();

    assertEquals(204, deleted.status(), deleted::toString);
    assertEquals(2, imageRows());
    assertEquals(files - 3, storedFiles());
    for (Object key : renditions.getMap().values()) {
      assertEquals(404, api.get("/media/" + key, null).status());
    }
    Reply again = api.call(HttpMethod.DELETE, imagesPath(productId) + "/" + ids.get(1)).bearer(admin).send();
    assertEquals(404, again.status());
    assertEquals(404, api.call(HttpMethod.DELETE, imagesPath(productId) + "/not-a-uuid").bearer(admin).send().status());
  }

  @Test
  @DisplayName("a customer may neither reorder nor delete images: 403")
  void customerIsForbidden() {
    List<String> ids = uploadThree(productId);
    String customer = api.customerToken();

    Reply reorder = api.call(HttpMethod.PUT, imagesPath(productId) + "/order").bearer(customer)
      .send(new JsonObject().put("image_ids", new JsonArray().add(ids.get(0))));
    assertEquals(403, reorder.status());
    Reply delete = api.call(HttpMethod.DELETE, imagesPath(productId) + "/" + ids.get(0)).bearer(customer).send();
    assertEquals(403, delete.status());
    assertEquals(3, imageRows());
  }

  private List<String> uploadThree(UUID product) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Reply reply = upload(api, admin, product, "p" + i + ".png", "image/png", TestImages.png(100 + i, 80, false));
      assertEquals(201, reply.status(), reply::toString);
      ids.add(reply.json().getString("id"));
    }
    return ids;
  }

  private Reply order(UUID product, JsonArray ids) {
    return api.call(HttpMethod.PUT, imagesPath(product) + "/order").bearer(admin)
      .send(new JsonObject().put("image_ids", ids));
  }

  private static int position(String imageId) {
    return (int) TestServer.count("SELECT position FROM product_images WHERE id = '" + UUID.fromString(imageId) + "'");
  }

  private static JsonObject imageRow(String imageId) {
    return io.surge.support.Wait.forResult(TestServer.db()
      .preparedQuery("SELECT renditions FROM product_images WHERE id = $1")
      .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(imageId))))
      .iterator().next().getJsonObject(0);
  }
}
