package io.surge.catalog.images;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.UUID;

import static io.surge.catalog.images.ImageFixtures.imageRows;
import static io.surge.catalog.images.ImageFixtures.product;
import static io.surge.catalog.images.ImageFixtures.productVersion;
import static io.surge.catalog.images.ImageFixtures.storedFiles;
import static io.surge.catalog.images.ImageFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ImageUploadTest {

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
  @DisplayName("a 1200x900 PNG is stored re-encoded with 800 and 200 px renditions, served with year-long cache headers")
  void pngIsAcceptedWithRenditions() throws IOException {
    int versionBefore = productVersion(productId);
    Reply reply = upload(api, admin, productId, "shirt.png", "image/png", TestImages.png(1200, 900, false));

    assertEquals(201, reply.status(), reply::toString);
    JsonObject image = reply.json();
    assertEquals("image/jpeg", image.getString("content_type"), "an opaque image is stored as JPEG");
    assertEquals(1200, image.getInteger("width"));
    assertEquals(900, image.getInteger("height"));
    assertEquals(0, image.getInteger("position"));
    assertEquals("/api/v1/admin/products/" + productId, reply.header("Location"), "the product lists its images");
    assertTrue(api.get(reply.header("Location"), admin).body().toString().contains(image.getString("id")),
      "the Location is a route that exists and shows the image");
    assertEquals(productVersion(productId), versionBefore + 1, "the upload bumps the product's version");

    JsonObject renditions = image.getJsonObject("renditions");
    assertEquals(image.getString("url"), renditions.getString("original"));
    assertSize(renditions.getString("original"), "image/jpeg", 1200, 900);
    assertSize(renditions.getString("800"), "image/jpeg", 800, 600);
    assertSize(renditions.getString("200"), "image/jpeg", 200, 150);
    assertTrue(renditions.getString("800").matches("/media/[0-9a-f]{2}/[0-9a-f-]{36}-800\\.jpg"), renditions::encode);
  }

  @Test
  @DisplayName("a JPEG's EXIF and comment segments are gone from every stored rendition")
  void jpegMetadataIsStripped() throws IOException {
    Buffer original = TestImages.jpegWithMetadata(1200, 900);
    assertTrue(TestImages.contains(original, TestImages.SECRET), "the upload carries the metadata");

    Reply reply = upload(api, admin, productId, "photo.jpg", "image/jpeg", original);

    assertEquals(201, reply.status(), reply::toString);
    for (String url : reply.json().getJsonObject("renditions").getMap().values().toArray(new String[0])) {
      Reply media = api.get(url, null);
      assertEquals(200, media.status());
      assertFalse(TestImages.contains(media.body(), TestImages.SECRET), url + " still carries the metadata");
      assertFalse(TestImages.contains(media.body(), "Exif"), url + " still has an EXIF segment");
    }
  }

  @Test
  @DisplayName("a PNG with alpha stays PNG, without its text chunk; a small image is never upscaled")
  void alphaPngStaysPngAndSmallIsNotUpscaled() throws IOException {
    Reply text = upload(api, admin, productId, "label.png", "image/png", TestImages.pngWithText(300, 100));
    assertEquals(201, text.status(), text::toString);
    Reply served = api.get(text.json().getString("url"), null);
    assertFalse(TestImages.contains(served.body(), TestImages.SECRET));
    assertSize(text.json().getJsonObject("renditions").getString("800"), "image/jpeg", 300, 100);

    Reply alpha = upload(api, admin, productId, "logo.png", "image/png", TestImages.png(640, 320, true));
    assertEquals(201, alpha.status(), alpha::toString);
    assertEquals("image/png", alpha.json().getString("content_type"));
    assertEquals(1, alpha.json().getInteger("position"));
    assertSize(alpha.json().getJsonObject("renditions").getString("800"), "image/png", 640, 320);
    assertSize(alpha.json().getJsonObject("renditions").getString("200"), "image/png", 200, 100);
  }

  @Test
  @DisplayName("a WebP is decoded and stored as JPEG")
  void webpIsAccepted() throws IOException {
    Reply reply = upload(api, admin, productId, "pixel.webp", "image/webp", TestImages.WEBP);

    assertEquals(201, reply.status(), reply::toString);
    assertEquals("image/jpeg", reply.json().getString("content_type"));
    assertSize(reply.json().getString("url"), "image/jpeg", 1, 1);
  }

  @Test
  @DisplayName("a text file named .png and declared image/png is refused by its bytes (415), and nothing is stored")
  void textRenamedPngIsRefused() {
    long files = storedFiles();
    Reply reply = upload(api, admin, productId, "evil.png", "image/png",
      Buffer.buffer("<svg onload=alert(1)> this is not a picture"));

    assertEquals(415, reply.status(), reply::toString);
    assertEquals("unsupported_image_type", reply.code());
    assertEquals(0, imageRows());
    assertEquals(files, storedFiles());
  }

  @Test
  @DisplayName("a file just over 10 MiB, and a body past the multipart limit, get 413 body_too_large; nothing is stored")
  void oversizeIsRefused() {
    long files = storedFiles();
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(TestImages.png(10, 10, false).getBytes(), 0, big, 0, 8);

    Reply reply = upload(api, admin, productId, "huge.png", "image/png", Buffer.buffer(big));

    assertEquals(413, reply.status(), reply::toString);
    assertEquals("body_too_large", reply.code());

    Reply wayOver = upload(api, admin, productId, "huger.png", "image/png", Buffer.buffer(new byte[12 * 1024 * 1024]));
    assertEquals(413, wayOver.status(), "past the multipart body limit");
    assertEquals("body_too_large", wayOver.code());
    assertEquals(0, imageRows());
    assertEquals(files, storedFiles());
  }

  @Test
  @DisplayName("a tiny PNG claiming 100000x100000 pixels is refused from its header (422 image_too_large), nothing stored")
  void decompressionBombIsRefused() {
    long files = storedFiles();
    Buffer bomb = TestImages.pngBomb();
    assertTrue(bomb.length() < 1024);

    Reply reply = upload(api, admin, productId, "bomb.png", "image/png", bomb);

    assertEquals(422, reply.status(), reply::toString);
    assertEquals("image_too_large", reply.code());
    assertEquals(0, imageRows());
    assertEquals(files, storedFiles());
  }

  @Test
  @DisplayName("an upload without a 'file' part is 400; to an unknown product 404; by a customer 403")
  void badRequestsAreRefused() {
    Buffer png = TestImages.png(20, 20, false);
    Reply wrongPart = api.upload(ImageFixtures.imagesPath(productId), admin, "picture", "a.png", "image/png", png);
    assertEquals(400, wrongPart.status(), wrongPart::toString);

    Reply unknown = upload(api, admin, UUID.randomUUID(), "a.png", "image/png", png);
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals("not_found", unknown.code());

    Reply customer = upload(api, api.customerToken(), productId, "a.png", "image/png", png);
    assertEquals(403, customer.status(), customer::toString);
    assertEquals("forbidden", customer.code());
    assertEquals(0, imageRows());
  }

  @Test
  @DisplayName("an unknown media key, or one trying to leave the image folder, is a 404 problem")
  void unknownMediaIsNotFound() {
    Reply unknown = api.get("/media/ab/" + UUID.randomUUID() + "-800.jpg", null);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.code());
    assertEquals(404, api.get("/media/..%2F..%2Fpom.xml", null).status());
    assertEquals(404, api.get("/media/ab/../../../etc/passwd", null).status());
  }

  private void assertSize(String url, String contentType, int width, int height) throws IOException {
    Reply media = api.get(url, null);
    assertEquals(200, media.status(), url);
    assertEquals(contentType, media.header("Content-Type"));
    assertEquals("public, max-age=31536000, immutable", media.header("Cache-Control"));
    assertEquals("nosniff", media.header("X-Content-Type-Options"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(media.body().getBytes()));
    assertEquals(width, image.getWidth(), url);
    assertEquals(height, image.getHeight(), url);
  }
}
