package io.surge.cart;

import io.surge.http.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The catalog as the cart reads it (read only: the catalog domain owns these tables). */
final class CartCatalog {

  private final Pool pool;

  CartCatalog(Pool pool) {
    this.pool = pool;
  }

  /** The SKU named by its code or its id, or null when there is none. */
  Future<SkuNow> sku(String codeOrId) {
    return pool.preparedQuery(CartSql.SKU_BY_CODE_OR_ID).execute(Tuple.of(codeOrId, Ids.tryParse(codeOrId)))
      .map(rows -> rows.size() == 0 ? null : SkuNow.of(rows.iterator().next()));
  }

  /** The SKUs with these ids that still exist, by id, in one query. */
  Future<Map<UUID, SkuNow>> skus(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(CartSql.SKUS_BY_IDS).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
      Map<UUID, SkuNow> byId = new HashMap<>();
      rows.forEach(row -> byId.put(row.getUUID("id"), SkuNow.of(row)));
      return byId;
    });
  }
}
