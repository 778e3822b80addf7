package io.surge.catalog.images;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/** Products to attach images to, uploads, and what was stored: rows and files. */
final class ImageFixtures {

  private ImageFixtures() {
  }

  /** The product admin API is not there yet: the row goes in directly. */
  static UUID product(String slug) {
    return Wait.forResult(TestServer.db()
      .preparedQuery("INSERT INTO products (slug, title, status) VALUES ($1, $2, 'active') RETURNING id")
      .execute(Tuple.of(slug, "Test " + slug)))
      .iterator().next().getUUID(0);
  }

  static int productVersion(UUID productId) {
    return Wait.forResult(TestServer.db().preparedQuery("SELECT version FROM products WHERE id = $1")
      .execute(Tuple.of(productId))).iterator().next().getInteger(0);
  }

  static String imagesPath(UUID productId) {
    return "/api/v1/admin/products/" + productId + "/images";
  }

  static Reply upload(Api api, String token, UUID productId, String fileName, String contentType, Buffer bytes) {
    return api.upload(imagesPath(productId), token, "file", fileName, contentType, bytes);
  }

  static long imageRows() {
    return TestServer.count("SELECT count(*) FROM product_images");
  }

  static Path imageDir() {
    return Path.of(TestServer.config().getJsonObject("catalog").getString("imageDir"));
  }

  /** Files under the image folder (it survives data resets, so tests compare counts). */
  static long storedFiles() {
    if (!Files.isDirectory(imageDir())) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(imageDir())) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
