package io.surge.dev;

import io.surge.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gives demo products a picture each: draws one ({@link DemoPictures}: what the product is, in its colour) and
 * uploads it through the real admin API, so the demo exercises the same pipeline as an admin's upload.
 * Runs in the background after the server is ready, for up to {@code dev.demoImages} products that have
 * no image yet; a restart carries on where it stopped.
 */
final class DemoImages {

  private static final Logger LOG = LoggerFactory.getLogger(DemoImages.class);
  private static final String WITHOUT_IMAGES = """
    SELECT p.id, p.title, c.slug AS category,
           (SELECT k.options->>'colour' FROM skus k WHERE k.product_id = p.id ORDER BY k.code LIMIT 1) AS colour
      FROM products p LEFT JOIN categories c ON c.id = p.category_id
     WHERE NOT EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = p.id)
     ORDER BY p.created_at, p.id LIMIT $1""";

  private DemoImages() {
  }

  static Future<Integer> attach(Vertx vertx, JsonObject config) {
    DevSettings dev = DevSettings.from(config);
    int wanted = dev.demoImages();
    if (wanted <= 0) {
      return Future.succeededFuture(0);
    }
    int port = config.getJsonObject("http").getInteger("port");
    WebClient http = WebClient.create(vertx);
    Pool pool = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    long start = System.nanoTime();
    return pool.preparedQuery(WITHOUT_IMAGES).execute(Tuple.of(wanted))
      .compose(rows -> {
        List<Row> products = new ArrayList<>();
        rows.forEach(products::add);
        return products.isEmpty() ? Future.succeededFuture(0)
          : adminToken(http, port, dev).compose(token -> uploadAll(vertx, http, port, token, products, 0, 0));
      })
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("demo images: {} products pictured in {} ms", count, (System.nanoTime() - start) / 1_000_000);
        }
      })
      .onFailure(e -> LOG.warn("demo images stopped: {}", e.getMessage()))
      .eventually(() -> {
        http.close();
        return pool.close();
      });
  }

  private static Future<String> adminToken(WebClient http, int port, DevSettings dev) {
    return http.post(port, "127.0.0.1", "/api/v1/auth/token")
      .sendJsonObject(new JsonObject().put("email", dev.adminEmail()).put("password", dev.adminPassword()))
      .map(response -> response.bodyAsJsonObject().getString("access_token"));
  }

  /** One at a time: the image workers are few, and the demo should not crowd out real requests. */
  private static Future<Integer> uploadAll(Vertx vertx, WebClient http, int port, String token, List<Row> products,
    int index, int done) {
    if (index >= products.size()) {
      return Future.succeededFuture(done);
    }
    Row product = products.get(index);
    UUID id = product.getUUID("id");
    return vertx
      .executeBlocking(() -> jpeg(DemoPictures.draw(product.getString("category"), product.getString("colour"),
        product.getString("title"))), false)
      .compose(jpeg -> http.post(port, "127.0.0.1", "/api/v1/admin/products/" + id + "/images")
        .putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(
          MultipartForm.create().binaryFileUpload("file", "demo.jpg", Buffer.buffer(jpeg), "image/jpeg")))
      .compose(response -> uploadAll(vertx, http, port, token, products, index + 1,
        done + (response.statusCode() == 201 ? 1 : 0)));
  }

  static byte[] jpeg(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
