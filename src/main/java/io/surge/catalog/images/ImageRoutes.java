package io.surge.catalog.images;

import io.surge.Infrastructure;
import io.surge.auth.Roles;
import io.surge.catalog.CatalogChanges;
import io.surge.catalog.CatalogErrors;
import io.surge.catalog.CatalogSettings;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** Product images: upload, order, delete (admin), and serving renditions under /media. */
public final class ImageRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ImageRoutes.class);
  /** Decoding holds whole rasters in memory: a small pool bounds how many are decoded at once. */
  private static final int PROCESSING_THREADS = 2;

  private final Pool pool;
  private final Infrastructure infra;
  private final CatalogChanges changes;
  private final ImageStorage storage;
  private final WorkerExecutor workers;
  private final long maxBytes;

  private ImageRoutes(Infrastructure infra, CatalogChanges changes, CatalogSettings settings) {
    this.pool = infra.pg();
    this.infra = infra;
    this.changes = changes;
    this.storage = storage(infra, settings);
    this.workers = infra.vertx().createSharedWorkerExecutor("surge-image-processing", PROCESSING_THREADS);
    this.maxBytes = settings.maxImageBytes();
  }

  public static void mount(RouterBuilder api, Infrastructure infra, CatalogChanges changes, CatalogSettings settings) {
    ImageRoutes routes = new ImageRoutes(infra, changes, settings);
    api.getRoute("adminUploadImage").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::upload);
    api.getRoute("adminOrderImages").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::order);
    api.getRoute("adminDeleteImage").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::delete);
  }

  public static void mountMedia(Router router, Infrastructure infra, CatalogSettings settings) {
    new MediaRoutes(storage(infra, settings)).mount(router);
  }

  private static ImageStorage storage(Infrastructure infra, CatalogSettings settings) {
    return new LocalImageStorage(infra.vertx(), settings.imageDir());
  }

  /** The stored files of one upload, not yet in the database. */
  private record Stored(UUID imageId, ImageProcessor.Processed image, JsonObject keys) {
  }

  private record Saved(Row row, int version) {
  }

  private void upload(RoutingContext ctx) {
    UUID productId = ImageJson.id(ctx.pathParam("id"), "The product");
    FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst().orElse(null);
    if (file == null) {
      ctx.fail(
        ApiException.invalidParameter("file", "required", "Send the image as the multipart/form-data part 'file'."));
      return;
    }
    if (file.size() > maxBytes) {
      ctx.fail(new ApiException(413, HttpErrors.BODY_TOO_LARGE, "Payload too large",
        "An image may be at most " + maxBytes + " bytes."));
      return;
    }
    pool.preparedQuery(ImageSql.PRODUCT_EXISTS).execute(Tuple.of(productId))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("The product"))
        : infra.vertx().fileSystem().readFile(file.uploadedFileName()))
      .compose(this::process)
      .compose(this::store)
      .compose(stored -> insert(productId, stored))
      .compose(saved -> announce(productId, saved.version(), "image_added", saved.row().getUUID("id")).map(saved.row()))
      // An image is read as part of its product (the product lists its images); it has no route of its own.
      .onSuccess(row -> Replies.created(ctx, "/api/v1/admin/products/" + productId, ImageJson.image(row)))
      .onFailure(ctx::fail);
  }

  private Future<ImageProcessor.Processed> process(Buffer bytes) {
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      return Future.failedFuture(ImageFormat.unsupported());
    }
    return workers.executeBlocking(() -> ImageProcessor.process(bytes.getBytes(), format), false);
  }

  /** Random keys ({@code ab/<uuid>-800.jpg}): nothing about the upload, and never reused. */
  private Future<Stored> store(ImageProcessor.Processed image) {
    String name = UUID.randomUUID().toString();
    JsonObject keys = new JsonObject();
    List<Future<Void>> writes = new ArrayList<>();
    for (Map.Entry<String, byte[]> rendition : image.renditions().entrySet()) {
      String key = name.substring(0, 2) + "/" + name + "-" + rendition.getKey() + "." + image.extension();
      keys.put(rendition.getKey(), key);
      writes.add(storage.put(key, Buffer.buffer(rendition.getValue()), image.contentType()));
    }
    Stored stored = new Stored(UUID.randomUUID(), image, keys);
    return Future.join(writes).transform(ar -> ar.succeeded()
      ? Future.succeededFuture(stored)
      : discard(keys).transform(ignored -> Future.failedFuture(ar.cause())));
  }

  /** Inserts the row; if that fails, the files just written are removed again. */
  private Future<Saved> insert(UUID productId, Stored stored) {
    ImageProcessor.Processed image = stored.image();
    return pool.withTransaction(tx -> touch(tx, productId)
      .compose(version -> tx.preparedQuery(ImageSql.INSERT_IMAGE).execute(Tuple.from(new Object[] {
        stored.imageId(), productId, image.contentType(), image.width(), image.height(),
        stored.keys().getString("original"), stored.keys()}))
        .map(rows -> new Saved(rows.iterator().next(), version))))
      .recover(e -> discard(stored.keys()).transform(ignored -> Future.failedFuture(e)));
  }

  private void order(RoutingContext ctx) {
    UUID productId = ImageJson.id(ctx.pathParam("id"), "The product");
    List<UUID> ids = imageIds(ctx.body().asJsonObject().getJsonArray("image_ids"));
    pool.withTransaction(tx -> touch(tx, productId)
      .compose(version -> tx.preparedQuery(ImageSql.IMAGE_IDS).execute(Tuple.of(productId))
        .compose(rows -> sameImages(rows, ids))
        .compose(v -> tx.preparedQuery(ImageSql.SET_ORDER)
          .execute(Tuple.tuple().addUUID(productId).addArrayOfUUID(ids.toArray(new UUID[0]))))
        .compose(v -> tx.preparedQuery(ImageSql.LIST_IMAGES).execute(Tuple.of(productId)))
        .map(rows -> new Ordered(rows, version))))
      .compose(ordered -> announce(productId, ordered.version(), "images_reordered", null).map(ordered.rows()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(ImageJson.image(row)));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  private record Ordered(RowSet<Row> rows, int version) {
  }

  private static List<UUID> imageIds(JsonArray raw) {
    List<UUID> ids = new ArrayList<>();
    try {
      raw.forEach(id -> ids.add(UUID.fromString((String) id)));
    } catch (RuntimeException e) {
      throw ApiException.invalidField("image_ids", "format", "Each image id must be a UUID.");
    }
    return ids;
  }

  /** The new order must name each of the product's images exactly once. */
  private static Future<Void> sameImages(RowSet<Row> rows, List<UUID> ids) {
    Set<UUID> current = new HashSet<>();
    rows.forEach(row -> current.add(row.getUUID("id")));
    return current.equals(new HashSet<>(ids)) && current.size() == ids.size()
      ? Future.succeededFuture()
      : Future.failedFuture(ApiException.conflict(CatalogErrors.IMAGE_SET_MISMATCH,
        "The order must list each of the product's " + current.size() + " images exactly once."));
  }

  private void delete(RoutingContext ctx) {
    UUID productId = ImageJson.id(ctx.pathParam("id"), "The product");
    UUID imageId = ImageJson.id(ctx.pathParam("imageId"), "The image");
    pool.withTransaction(tx -> touch(tx, productId)
      .compose(version -> tx.preparedQuery(ImageSql.DELETE_IMAGE).execute(Tuple.of(imageId, productId))
        .compose(rows -> rows.size() == 0
          ? Future.failedFuture(ApiException.notFound("The image"))
          : Future.succeededFuture(new Saved(rows.iterator().next(), version)))))
      // announce first, so caches stop pointing at the files before they go
      .compose(deleted -> announce(productId, deleted.version(), "image_deleted", imageId)
        .compose(v -> discard(deleted.row().getJsonObject("renditions"))))
      .onSuccess(v -> Replies.noContent(ctx))
      .onFailure(ctx::fail);
  }

  /** Inside the transaction: bumps the product's version, or fails with 404 when there is no product. */
  private static Future<Integer> touch(SqlConnection tx, UUID productId) {
    return CatalogChanges.touchProduct(tx, productId).compose(version -> version == 0
      ? Future.failedFuture(ApiException.notFound("The product"))
      : Future.succeededFuture(version));
  }

  /**
   * After the commit. The change is already durable, so a failure to announce it (Redis down) is
   * logged rather than turned into an error the client would retry.
   */
  private Future<Void> announce(UUID productId, int version, String change, UUID imageId) {
    JsonObject details = new JsonObject().put("change", change);
    if (imageId != null) {
      details.put("image_id", imageId.toString());
    }
    return changes.productChanged(CatalogChanges.PRODUCT_UPDATED, productId, version, details)
      .recover(e -> {
        LOG.warn("Product change not announced {} {}", kv("product_id", productId), kv("version", version), e);
        return Future.succeededFuture();
      });
  }

  /** Best effort: a file left behind is harmless garbage under a random name, so it is logged, not failed. */
  private Future<Void> discard(JsonObject keys) {
    List<Future<Void>> deletes = new ArrayList<>();
    keys.forEach(e -> deletes.add(storage.delete((String) e.getValue())
      .onFailure(err -> LOG.warn("Image file not deleted {}", kv("key", e.getValue()), err))));
    return Future.join(deletes).transform(ar -> Future.succeededFuture());
  }
}
