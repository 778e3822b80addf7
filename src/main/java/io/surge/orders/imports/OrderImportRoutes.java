package io.surge.orders.imports;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.http.UnreadBody;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.Locale;
import java.util.UUID;

/**
 * {@code POST /api/v1/admin/imports/orders}: a shop's order history, as CSV or NDJSON, streamed through
 * {@link OrderImportRun} with one result line per input line.
 */
public final class OrderImportRoutes {

  private final Pool pool;

  public OrderImportRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("adminImportOrders").setDoValidation(false)
      .addHandler(Roles.require(Roles.ADMIN)).addHandler(this::importOrders);
  }

  private void importOrders(RoutingContext ctx) {
    String productStatus = ctx.request().getParam("new_products", "archived");
    if (!"archived".equals(productStatus) && !"active".equals(productStatus)) {
      ctx.fail(ApiException.invalidField("new_products", "invalid", "new_products must be archived or active."));
      return;
    }
    UnreadBody body = UnreadBody.of(ctx);
    String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (body == null || !(ImportFormat.CSV.equals(type) || UnreadBody.NDJSON.equals(type))) {
      ctx.fail(new ApiException(415, HttpErrors.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
        "Send the orders as text/csv (with a header row) or " + UnreadBody.NDJSON + ", one order line per line."));
      return;
    }
    UUID actor = UUID.fromString(Roles.userId(ctx));
    RecordParser lines = RecordParser.newDelimited("\n", body).maxRecordSize(OrderImportRun.MAX_LINE_BYTES);
    OrderImportRun run = new OrderImportRun(ctx, lines, ImportFormat.of(type), new ImportBatch(pool, actor,
      productStatus));
    lines.handler(run::line);
    lines.endHandler(v -> run.finish());
    lines.exceptionHandler(run::abort);
    lines.resume();
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
