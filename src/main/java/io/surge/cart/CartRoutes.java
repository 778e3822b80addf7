package io.surge.cart;

import io.surge.Infrastructure;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shopper's cart API: a user's cart with a bearer token, else a guest's named by X-Cart-Token. */
final class CartRoutes {

  private final RedisCarts carts;
  private final CartCatalog catalog;
  private final String currency;

  private CartRoutes(RedisCarts carts, String currency) {
    this.carts = carts;
    this.catalog = carts.catalog();
    this.currency = currency;
  }

  static void mount(RouterBuilder api, Infrastructure infra) {
    CartIdentity identity = new CartIdentity(infra.accessTokens());
    CartRoutes routes = new CartRoutes(RedisCarts.create(infra), CartSettings.from(infra.config()).currency());
    api.getRoute("getCart").addHandler(identity).addHandler(routes::get);
    api.getRoute("putCartItem").addHandler(identity).addHandler(routes::put);
    api.getRoute("deleteCartItem").addHandler(identity).addHandler(routes::delete);
    api.getRoute("clearCart").addHandler(identity).addHandler(routes::clear);
  }

  private void get(RoutingContext ctx) {
    view(CartIdentity.of(ctx))
      .onSuccess(view -> reply(ctx, view))
      .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    int quantity = ctx.body().asJsonObject().getInteger("quantity");
    CartKey key = CartIdentity.of(ctx);
    catalog.sku(ctx.pathParam("sku"))
      .compose(sku -> checkPurchasable(sku, quantity))
      .compose(sku -> save(key == null ? CartKey.newGuest() : key, sku, quantity)
        .map(saved -> issueToken(ctx, saved))
        .compose(saved -> view(saved.lines(), sku)))
      .onSuccess(view -> reply(ctx, view))
      .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    CartKey key = CartIdentity.of(ctx);
    if (key == null) {
      reply(ctx, CartView.empty(currency));
      return;
    }
    // removing is idempotent: a SKU that is not in the cart (or no longer in the catalog) leaves it as it is
    String sku = ctx.pathParam("sku");
    UUID id = Ids.tryParse(sku);
    Future<UUID> skuId = id != null ? Future.succeededFuture(id)
      : catalog.sku(sku).map(found -> found == null ? null : found.id());
    skuId.compose(found -> found == null ? Future.succeededFuture() : carts.removeLine(key, found))
      .compose(v -> view(key))
      .onSuccess(view -> reply(ctx, view))
      .onFailure(ctx::fail);
  }

  private void clear(RoutingContext ctx) {
    CartKey key = CartIdentity.of(ctx);
    (key == null ? Future.<Void>succeededFuture() : carts.empty(key))
      .onSuccess(v -> {
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.noContent(ctx);
      })
      .onFailure(ctx::fail);
  }

  private static Future<SkuNow> checkPurchasable(SkuNow sku, int quantity) {
    if (sku == null || !sku.forSale()) {
      return Future.failedFuture(ApiException.notFound("The SKU"));
    }
    if (quantity > sku.available()) {
      return Future.failedFuture(ApiException.conflict(CartErrors.INSUFFICIENT_STOCK,
        "Only " + sku.available() + " of SKU " + sku.code() + " available."));
    }
    return Future.succeededFuture(sku);
  }

  /** The cart a line was written to, and its lines after that. */
  private record Saved(CartKey key, List<CartLine> lines) {
  }

  /** Writes the line; a guest token that was never issued (or has expired) gets a new cart instead. */
  private Future<Saved> save(CartKey key, SkuNow sku, int quantity) {
    return carts.setLine(key, sku.id(), quantity, sku.currentAmount()).compose(set -> switch (set.outcome()) {
      case SAVED -> Future.succeededFuture(new Saved(key, set.lines()));
      case TOKEN_NOT_ISSUED -> save(CartKey.newGuest(), sku, quantity);
      case FULL -> Future.failedFuture(ApiException.conflict(CartErrors.CART_FULL,
        "The cart holds its maximum number of lines; remove one first."));
    });
  }

  /** The cart's view after a line was set: the SKU just read is not read again, only the cart's other lines' SKUs. */
  private Future<JsonObject> view(List<CartLine> lines, SkuNow changed) {
    List<UUID> others = lines.stream().map(CartLine::skuId).filter(id -> !id.equals(changed.id())).toList();
    return catalog.skus(others).map(skus -> {
      Map<UUID, SkuNow> all = new HashMap<>(skus);
      all.put(changed.id(), changed);
      return CartView.of(lines, all, currency);
    });
  }

  private Future<JsonObject> view(CartKey key) {
    if (key == null) {
      return Future.succeededFuture(CartView.empty(currency));
    }
    return carts.lines(key).compose(lines -> catalog.skus(lines.stream().map(CartLine::skuId).toList())
      .map(skus -> CartView.of(lines, skus, currency)));
  }

  /** A guest cart created by this request: its token goes back to the client. */
  private static Saved issueToken(RoutingContext ctx, Saved saved) {
    if (saved.key().fresh()) {
      ctx.response().putHeader(CartIdentity.TOKEN_HEADER, saved.key().guestToken());
    }
    return saved;
  }

  private static void reply(RoutingContext ctx, JsonObject view) {
    ctx.response().putHeader("Cache-Control", "no-store");
    Replies.ok(ctx, view);
  }
}
