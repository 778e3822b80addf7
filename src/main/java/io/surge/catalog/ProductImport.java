package io.surge.catalog;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.http.StorableText;
import io.surge.http.UnreadBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bulk import of newline-delimited JSON products, processed as a stream: the request is read a batch
 * of lines at a time (paused while the batch is written), and one result line per input line is
 * streamed back. Memory stays flat whatever the catalog size. Each product is upserted by slug in its
 * own transaction, so one bad line never sinks the others; SKUs are created with new products.
 */
final class ProductImport {

  private static final String NDJSON = UnreadBody.NDJSON;
  private static final int BATCH = 64;
  private static final int MAX_LINE_BYTES = 256 * 1024;
  private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  private final Pool pool;
  private final CatalogChanges changes;

  ProductImport(Pool pool, CatalogChanges changes) {
    this.pool = pool;
    this.changes = changes;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminImportProducts").setDoValidation(false)
      .addHandler(Roles.require(Roles.ADMIN)).addHandler(this::importProducts);
  }

  private void importProducts(RoutingContext ctx) {
    UnreadBody body = UnreadBody.of(ctx);
    if (body == null) {
      ctx.fail(new ApiException(415, HttpErrors.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
        "Send the products as " + NDJSON + ", one JSON object per line."));
      return;
    }
    UUID actor = UUID.fromString(Roles.userId(ctx));
    HttpServerResponse response = ctx.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
    RecordParser lines = RecordParser.newDelimited("\n", body).maxRecordSize(MAX_LINE_BYTES);
    Run run = new Run(lines, response, actor);
    lines.handler(run::line);
    lines.endHandler(v -> run.finish());
    lines.exceptionHandler(run::abort);
    lines.resume();
  }

  /** One import run: buffers up to a batch of lines, writes it, streams the results, resumes. */
  private final class Run {
    private final RecordParser lines;
    private final HttpServerResponse response;
    private final UUID actor;
    private final List<String> batch = new ArrayList<>(BATCH);
    private int lineNumber;
    private int firstOfBatch = 1;
    private int created;
    private int updated;
    private int failed;
    private boolean ended;
    private Future<Void> inFlight = Future.succeededFuture();

    Run(RecordParser lines, HttpServerResponse response, UUID actor) {
      this.lines = lines;
      this.response = response;
      this.actor = actor;
    }

    void line(Buffer line) {
      lineNumber++;
      batch.add(line.toString().trim());
      if (batch.size() >= BATCH) {
        lines.pause();
        inFlight = flush().onComplete(ar -> lines.resume());
      }
    }

    void finish() {
      inFlight.eventually(this::flush).onComplete(ar -> end(null));
    }

    void abort(Throwable failure) {
      inFlight.onComplete(ar -> end(failure instanceof IllegalStateException
        ? "A line is longer than " + MAX_LINE_BYTES + " bytes." : "The upload was interrupted."));
    }

    private void end(String error) {
      if (ended) {
        return;
      }
      ended = true;
      JsonObject summary = new JsonObject().put("summary", true).put("lines", lineNumber)
        .put("created", created).put("updated", updated).put("failed", failed);
      if (error != null) {
        summary.put("error", error);
      }
      response.end(summary.toBuffer().appendString("\n"));
    }

    private Future<Void> flush() {
      List<String> lines = new ArrayList<>(batch);
      int first = firstOfBatch;
      firstOfBatch += lines.size();
      batch.clear();
      List<Future<JsonObject>> results = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        results.add(importLine(first + i, lines.get(i)));
      }
      return Future.join(results).transform(ar -> {
        Buffer out = Buffer.buffer();
        for (Future<JsonObject> result : results) {
          JsonObject line = result.succeeded() ? result.result()
            : failure(0, "internal_error", "Could not import this line.");
          count(line.getString("status"));
          out.appendBuffer(line.toBuffer()).appendString("\n");
        }
        return response.write(out);
      });
    }

    private void count(String status) {
      switch (status) {
        case "created" -> created++;
        case "updated" -> updated++;
        case "skipped" -> {
        }
        default -> failed++;
      }
    }

    private Future<JsonObject> importLine(int number, String text) {
      if (text.isEmpty()) {
        return Future.succeededFuture(new JsonObject().put("line", number).put("status", "skipped"));
      }
      JsonObject product;
      try {
        product = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        return Future.succeededFuture(failure(number, "malformed_json", "The line is not a JSON object."));
      }
      String withNul = StorableText.fieldWithNul(product, "body");
      String problem = withNul != null ? StorableText.refused(withNul).errors().get(0).message() : check(product);
      if (problem != null) {
        return Future.succeededFuture(failure(number, "validation_failed", problem));
      }
      UUID category;
      try {
        category = product.getString("category_id") == null ? null : UUID.fromString(product.getString("category_id"));
      } catch (IllegalArgumentException e) {
        return Future.succeededFuture(failure(number, "validation_failed", "category_id must be a UUID."));
      }
      return pool.withTransaction(
        tx -> tx.preparedQuery(CatalogSql.UPSERT_PRODUCT).execute(ProductWrites.productTuple(product, category))
          .compose(rows -> {
            Row row = rows.iterator().next();
            return row.getBoolean("inserted")
              ? ProductWrites.insertSkus(tx, row.getUUID("id"), product.getJsonArray("skus"), actor)
                .compose(skus -> CatalogChanges.refreshPrice(tx, row.getUUID("id"))).map(row)
              : Future.succeededFuture(row);
          }))
        .compose(row -> changes
          .productChanged(row.getBoolean("inserted") ? CatalogChanges.PRODUCT_CREATED : CatalogChanges.PRODUCT_UPDATED,
            row.getUUID("id"), row.getInteger("version"), null)
          .map(
            v -> new JsonObject().put("line", number).put("status", row.getBoolean("inserted") ? "created" : "updated")
              .put("id", row.getUUID("id").toString()).put("slug", product.getString("slug"))))
        .recover(e -> Future.succeededFuture(e instanceof PgException pg
          ? failure(number, "constraint_violated", "Rejected by the database (" + pg.getConstraint() + ").")
          : failure(number, "internal_error", "Could not import this line.")));
    }
  }

  /** The same rules as the admin API's ProductInput, for the fields the import writes. */
  private static String check(JsonObject product) {
    Object slug = product.getValue("slug");
    if (!(slug instanceof String s) || s.length() > 120 || !SLUG.matcher(s).matches()) {
      return "slug is required: lower-case letters, digits and single dashes.";
    }
    Object title = product.getValue("title");
    if (!(title instanceof String t) || t.isBlank() || t.length() > 200) {
      return "title is required (1-200 characters).";
    }
    Object status = product.getValue("status");
    if (status != null && !List.of("draft", "active", "archived").contains(status)) {
      return "status must be draft, active or archived.";
    }
    if (product.getValue("attributes") != null && !(product.getValue("attributes") instanceof JsonObject)) {
      return "attributes must be an object.";
    }
    Object skus = product.getValue("skus");
    if (skus != null) {
      if (!(skus instanceof JsonArray list) || list.size() > 100) {
        return "skus must be an array of at most 100 SKUs.";
      }
      for (Object sku : list) {
        if (!(sku instanceof JsonObject line) || !(line.getValue("code") instanceof String) || !priced(line)) {
          return "each SKU needs code and price ({amount, currency}; or the deprecated price_amount and currency).";
        }
      }
    }
    return null;
  }

  private static JsonObject failure(int line, String code, String message) {
    return new JsonObject().put("line", line).put("status", "error").put("code", code).put("message", message);
  }

  private static boolean priced(JsonObject sku) {
    if (sku.getValue("price") instanceof JsonObject price) {
      return price.getValue("amount") instanceof Number && price.getValue("currency") instanceof String;
    }
    return sku.getValue("price_amount") instanceof Number && sku.getValue("currency") instanceof String;
  }
}
