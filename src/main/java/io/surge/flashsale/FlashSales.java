package io.surge.flashsale;

import io.surge.auth.Roles;
import io.surge.catalog.Stock;
import io.surge.catalog.images.ImageStorage;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.shared.Money;
import io.surge.shared.MoneyInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sales themselves: an admin schedules one (its quantity is reserved from the SKU at once, so stock and
 * sale never sell the same unit, and its gate is loaded into Redis), cancels one (unsold units go back
 * to the SKU) or rebuilds its gate; the public lists upcoming and live sales.
 */
final class FlashSales {

  private final Pool pool;
  private final FlashGate gate;
  private final Stock stock;
  private final Idempotency idempotency;

  FlashSales(Pool pool, FlashGate gate, Stock stock, Idempotency idempotency) {
    this.pool = pool;
    this.gate = gate;
    this.stock = stock;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminCreateFlashSale").addHandler(Roles.require(Roles.ADMIN)).addHandler(idempotency.handler(false))
      .addHandler(this::create);
    api.getRoute("adminCancelFlashSale").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::cancel);
    api.getRoute("adminRebuildFlashGate").addHandler(Roles.require(Roles.ADMIN))
      .addHandler(ctx -> rebuild(Ids.parse(ctx.pathParam("id"), "The flash sale"))
        .onSuccess(stock -> Replies.ok(ctx, new JsonObject().put("remaining", stock)))
        .onFailure(ctx::fail));
    api.getRoute("adminListFlashSales").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::adminList);
    api.getRoute("adminGetFlashSale").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::adminGet);
    api.getRoute("adminUpdateFlashSale").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::update);
    api.getRoute("listFlashSales").addHandler(this::list);
    api.getRoute("getFlashSale").addHandler(this::get);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID skuId = Ids.parse(body.getString("sku_id"), "The SKU");
    OffsetDateTime starts = OffsetDateTime.parse(body.getString("starts_at"));
    OffsetDateTime ends = OffsetDateTime.parse(body.getString("ends_at"));
    if (!ends.isAfter(starts)) {
      throw ApiException.invalidField("ends_at", "before_start", "ends_at must be after starts_at.");
    }
    int quantity = body.getInteger("quantity");
    Money price = MoneyInput.required(body, "", "sale_price", "sale_amount", null);
    List<Stock.Moved> moved = new ArrayList<>();
    pool.withTransaction(tx -> Stock.reserveForSale(tx, skuId, quantity).compose(reserved -> {
      String currency = reserved.currency();
      moved.addAll(reserved.moved());
      if (currency == null) {
        return Future.failedFuture(ApiException.conflict(FlashSaleErrors.INSUFFICIENT_STOCK,
          "The SKU does not exist, is not active, or has fewer than " + quantity + " units available."));
      }
      if (price.currency() != null && !price.currency().equals(currency)) {
        return Future.failedFuture(currencyMismatch(currency));
      }
      return tx.preparedQuery(FlashSaleSql.INSERT_SALE)
        .execute(Tuple.from(new Object[] {skuId, price.amount(),
          currency, quantity, body.getInteger("per_user_limit", 1),
          body.getInteger("payment_window_minutes", 15), starts, ends}));
    }))
      .compose(rows -> {
        stock.announce(moved);
        Row sale = rows.iterator().next();
        return gate.rebuild(sale).map(sale);
      })
      .onSuccess(sale -> Replies.created(ctx, "/api/v1/flash-sales/" + sale.getUUID("id"), json(sale, null)))
      .onFailure(ctx::fail);
  }

  /** Every sale, newest first, with its sold count, version and product (the console's list). */
  private void adminList(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    pool.preparedQuery(FlashSaleSql.ADMIN_SALES).execute(Tuple.of(after[0], after[1], page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(withProduct(admin(row), row)
          .put("created_at", row.getOffsetDateTime("created_at").toInstant().toString())));
        Replies.ok(ctx, page.page(items, sale -> PageRequest.timeAndId(sale.getString("created_at"),
          sale.getString("id"))));
      })
      .onFailure(ctx::fail);
  }

  private void adminGet(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("The flash sale"));
          return;
        }
        Row sale = rows.iterator().next();
        Replies.ok(ctx, admin(sale), sale.getInteger("version"));
      })
      .onFailure(ctx::fail);
  }

  /** Before the start only; a quantity change moves the SKU reservation by the difference, never below what is sold. */
  private void update(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    JsonObject patch = ctx.body().asJsonObject();
    Money price = MoneyInput.optional(patch, "", "sale_price", "sale_amount", null);
    Integer expected = ETags.expectedVersion(ctx);
    List<Stock.Moved> moved = new ArrayList<>();
    pool
      .withTransaction(tx -> tx.preparedQuery(FlashSaleSql.LOCK_FOR_CHANGE).execute(Tuple.of(saleId)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiException.notFound("The flash sale"));
        }
        Row sale = rows.iterator().next();
        ETags.requireCurrent(expected, sale.getInteger("version"), "The sale has changed since you read it.");
        if (sale.getOffsetDateTime("cancelled_at") != null
          || !sale.getOffsetDateTime("starts_at").toInstant().isAfter(Instant.now())) {
          return Future.failedFuture(
            ApiException.conflict(FlashSaleErrors.ALREADY_STARTED, "A sale can only be changed before it starts."));
        }
        OffsetDateTime starts = patch.containsKey("starts_at") ? OffsetDateTime.parse(patch.getString("starts_at"))
          : sale.getOffsetDateTime("starts_at");
        OffsetDateTime ends = patch.containsKey("ends_at") ? OffsetDateTime.parse(patch.getString("ends_at"))
          : sale.getOffsetDateTime("ends_at");
        if (!ends.isAfter(starts)) {
          return Future
            .failedFuture(ApiException.invalidField("ends_at", "before_start", "ends_at must be after starts_at."));
        }
        if (price != null && price.currency() != null && !price.currency().equals(sale.getString("currency"))) {
          return Future.failedFuture(currencyMismatch(sale.getString("currency")));
        }
        int quantity = patch.getInteger("quantity", sale.getInteger("quantity"));
        int delta = quantity - sale.getInteger("quantity");
        Future<List<Stock.Moved>> units = delta > 0
          ? Stock.reserveForSale(tx, sale.getUUID("sku_id"), delta).compose(reserved -> reserved.currency() == null
            ? Future.failedFuture(ApiException.conflict(FlashSaleErrors.INSUFFICIENT_STOCK,
              "The SKU has fewer than " + delta + " more units."))
            : Future.succeededFuture(reserved.moved()))
          : delta < 0 ? Stock.releaseUnsold(tx, sale.getUUID("sku_id"), -delta)
            : Future.succeededFuture(List.of());
        return units.compose(changed -> {
          moved.addAll(changed);
          return tx.preparedQuery(FlashSaleSql.UPDATE_SALE).execute(Tuple.from(new Object[] {saleId,
            price == null ? sale.getLong("sale_amount") : price.amount(), quantity,
            patch.getInteger("per_user_limit", sale.getInteger("per_user_limit")),
            patch.getInteger("payment_window_minutes", sale.getInteger("payment_window_minutes")), starts, ends}));
        });
      }))
      .compose(rows -> {
        stock.announce(moved);
        Row sale = rows.iterator().next();
        return gate.rebuild(sale).map(sale);
      })
      .onSuccess(sale -> Replies.ok(ctx, admin(sale), sale.getInteger("version")))
      .onFailure(ctx::fail);
  }

  /** A sale is priced in its SKU's currency. */
  private static ApiException currencyMismatch(String currency) {
    return ApiException.invalidField("sale_price.currency", "currency_mismatch",
      "The SKU is priced in " + currency + "; a sale of it is too.");
  }

  private static JsonObject admin(Row sale) {
    return json(sale, null).put("sold", sale.getInteger("sold")).put("version", sale.getInteger("version"));
  }

  private void cancel(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    List<Stock.Moved> moved = new ArrayList<>();
    pool.withTransaction(tx -> tx.preparedQuery(FlashSaleSql.CANCEL_SALE).execute(Tuple.of(saleId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(
          ApiException.conflict(FlashSaleErrors.NOT_CANCELLABLE, "No such sale, or it is already cancelled."));
      }
      Row sale = rows.iterator().next();
      return Stock.releaseUnsold(tx, sale.getUUID("sku_id"), sale.getInteger("quantity") - sale.getInteger("sold"))
        .map(released -> {
          moved.addAll(released);
          return sale;
        });
    }))
      .compose(sale -> {
        stock.announce(moved);
        return gate.rebuild(sale).map(sale);
      })
      .onSuccess(sale -> Replies.ok(ctx, json(sale, 0)))
      .onFailure(ctx::fail);
  }

  /** Loads the sale from PostgreSQL and rebuilds its gate; yields the units left. */
  Future<Integer> rebuild(UUID saleId) {
    return pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The flash sale"))
      : gate.rebuild(rows.iterator().next()));
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery(FlashSaleSql.PUBLIC_OPEN_SALES).execute().onSuccess(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(withProduct(json(row, null), row)));
      ctx.response().putHeader("Cache-Control", "public, max-age=1");
      Replies.ok(ctx, new JsonObject().put("server_time", Instant.now().toString()).put("items", items));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    pool.preparedQuery(FlashSaleSql.PUBLIC_SALE).execute(Tuple.of(saleId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The flash sale"));
      }
      Row sale = rows.iterator().next();
      return gate.remaining(saleId).map(remaining -> withProduct(json(sale, remaining), sale));
    })
      .onSuccess(sale -> {
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.ok(ctx, sale);
      })
      .onFailure(ctx::fail);
  }

  /** The product on sale (id, slug, title, brand, SKU code and options, a picture) for the storefront. */
  private static JsonObject withProduct(JsonObject json, Row row) {
    Object product = row.getValue("product");
    JsonObject view = product instanceof JsonObject object ? object.copy()
      : product == null ? null : new JsonObject(product.toString());
    if (view != null && view.getString("image_url") != null) {
      view.put("image_url", ImageStorage.url(view.getString("image_url")));
    }
    return json.put("product", view);
  }

  /** {@code remaining} from the gate when known (approximate), else from PostgreSQL. */
  static JsonObject json(Row sale, Integer remaining) {
    int left = remaining != null ? Math.max(0, remaining) : sale.getInteger("quantity") - sale.getInteger("sold");
    Instant now = Instant.now();
    Instant starts = sale.getOffsetDateTime("starts_at").toInstant();
    Instant ends = sale.getOffsetDateTime("ends_at").toInstant();
    String state = sale.getOffsetDateTime("cancelled_at") != null ? "cancelled" : !now.isBefore(ends) ? "ended"
      : now.isBefore(starts) ? "scheduled" : left <= 0 ? "sold_out" : "live";
    return new JsonObject()
      .put("id", sale.getUUID("id").toString())
      .put("sku_id", sale.getUUID("sku_id").toString())
      .put("sale_price", new Money(sale.getLong("sale_amount"), sale.getString("currency")).toJson())
      .put("quantity", sale.getInteger("quantity"))
      .put("remaining", left)
      .put("per_user_limit", sale.getInteger("per_user_limit"))
      .put("payment_window_minutes", sale.getInteger("payment_window_minutes"))
      .put("starts_at", starts.toString())
      .put("ends_at", ends.toString())
      .put("state", state)
      .put("server_time", now.toString());
  }
}
