package io.surge.catalog;

import io.surge.http.ApiException;
import io.surge.shared.Money;
import io.surge.shared.MoneyInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Product and SKU inserts shared by the admin API and the bulk import, always inside the caller's transaction. */
final class ProductWrites {

  private ProductWrites() {
  }

  static Tuple productTuple(JsonObject product, UUID categoryId) {
    return Tuple.from(new Object[] {
      product.getString("slug"), product.getString("title"), product.getString("description", ""),
      product.getString("brand"), categoryId, product.getJsonObject("attributes", new JsonObject()),
      product.getString("status", "draft"), product.getInteger("purchase_limit")});
  }

  /** Inserts the SKUs one by one (each with its initial price in the price history); yields their rows. */
  static Future<List<Row>> insertSkus(SqlConnection tx, UUID productId, JsonArray skus, UUID actor) {
    List<Row> inserted = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; skus != null && i < skus.size(); i++) {
      JsonObject sku = skus.getJsonObject(i);
      String path = "skus." + i + ".";
      chain = chain.compose(v -> insertSku(tx, productId, sku, path, actor).map(row -> {
        inserted.add(row);
        return null;
      }));
    }
    return chain.map(inserted);
  }

  /** {@code path}: where the SKU sits in the request ("skus.2." in a product, "" alone), for field errors. */
  static Future<Row> insertSku(SqlConnection tx, UUID productId, JsonObject sku, String path, UUID actor) {
    Money price;
    try {
      price = MoneyInput.required(sku, path, "price", "price_amount", "currency");
    } catch (ApiException e) {
      // A failed future, never a throw: thrown inside withTransaction's function it would skip the rollback.
      return Future.failedFuture(e);
    }
    return tx.preparedQuery(CatalogSql.INSERT_SKU).execute(Tuple.from(new Object[] {
      productId, sku.getString("code"), sku.getJsonObject("options", new JsonObject()), price.amount(),
      price.currency(), sku.getLong("compare_at_amount"), sku.getInteger("weight_grams"),
      sku.getInteger("on_hand", 0)}))
      .compose(rows -> {
        Row row = rows.iterator().next();
        return tx.preparedQuery(CatalogSql.RECORD_PRICE)
          .execute(
            Tuple.of(row.getUUID("id"), row.getLong("price_amount"), row.getString("currency"), "initial", actor))
          .map(row);
      });
  }
}
