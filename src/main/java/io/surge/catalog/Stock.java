package io.surge.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The only code that moves a SKU's stock for other domains (reserve, release, ship, restock); orders
 * and flash sales call it inside their own transaction. Lock order, written once here: SKUs one by
 * one in SKU-id order, so no two stock moves can deadlock. A move locks only its SKU rows, never the
 * product (a busy product's checkouts would queue on it); {@link #announce} tells the caches after the
 * caller's commit.
 */
public final class Stock {

  /** A product whose availability a move changed, and the SKU that moved (the last, if several). */
  public record Moved(UUID productId, UUID skuId) {
  }

  /** A checkout's reservation: the SKUs that were short (then the caller must roll back), or what it moved. */
  public record Reservation(List<UUID> shortSkus, List<Moved> moved) {

    public boolean complete() {
      return shortSkus.isEmpty();
    }
  }

  private final CatalogChanges catalog;

  public Stock(CatalogChanges catalog) {
    this.catalog = catalog;
  }

  /**
   * Reserves each SKU's quantity with a conditional update (active, and never more than on hand minus
   * reserved). Every short SKU is reported; when one is, the caller fails its transaction, which undoes
   * the others, and no product is touched.
   */
  public static Future<Reservation> reserve(SqlConnection tx, Map<UUID, Integer> quantities) {
    List<UUID> shortSkus = new ArrayList<>();
    TreeMap<UUID, UUID> products = new TreeMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, Integer> sku : new TreeMap<>(quantities).entrySet()) {
      chain = chain
        .compose(v -> tx.preparedQuery(CatalogSql.RESERVE_STOCK).execute(Tuple.of(sku.getKey(), sku.getValue())))
        .map(rows -> {
          if (rows.size() == 0) {
            shortSkus.add(sku.getKey());
          } else {
            products.put(rows.iterator().next().getUUID("product_id"), sku.getKey());
          }
          return null;
        });
    }
    return chain.map(v -> new Reservation(List.copyOf(shortSkus), shortSkus.isEmpty() ? moved(products) : List.of()));
  }

  /** Reserved units go back to sale (an order cancelled, or refunded before it shipped). */
  public static Future<List<Moved>> release(SqlConnection tx, Map<UUID, Integer> quantities) {
    return move(tx, CatalogSql.RELEASE_STOCK, quantities);
  }

  /** Reserved units leave the shelf: on hand and reserved both go down. */
  public static Future<List<Moved>> ship(SqlConnection tx, Map<UUID, Integer> quantities) {
    return move(tx, CatalogSql.SHIP_STOCK, quantities);
  }

  /** Shipped units came back and go on the shelf again. */
  public static Future<List<Moved>> restock(SqlConnection tx, Map<UUID, Integer> quantities) {
    return move(tx, CatalogSql.RESTOCK, quantities);
  }

  /** A flash sale's reservation: the SKU's currency (null when it is missing, inactive or short), and what it moved. */
  public record SaleReservation(String currency, List<Moved> moved) {
  }

  /**
   * A flash sale sets its whole quantity aside from the SKU when it is scheduled (or grows), with the
   * same conditional update as a checkout; its orders then ship from this reservation. Announced like
   * any stock move, so product pages stop showing those units as available.
   */
  public static Future<SaleReservation> reserveForSale(SqlConnection tx, UUID skuId, int quantity) {
    return tx.preparedQuery(CatalogSql.RESERVE_STOCK).execute(Tuple.of(skuId, quantity)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new SaleReservation(null, List.of()));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(
        new SaleReservation(row.getString("currency"), List.of(new Moved(row.getUUID("product_id"), skuId))));
    });
  }

  /** A sale's unsold units go back to the SKU (the sale shrank or was cancelled); sold ones stay reserved for their orders. */
  public static Future<List<Moved>> releaseUnsold(SqlConnection tx, UUID skuId, int quantity) {
    return move(tx, CatalogSql.RELEASE_STOCK, Map.of(skuId, quantity));
  }

  /** After the caller's commit: every instance drops the moved products from its caches; the catalog event names the SKU. */
  public void announce(List<Moved> moved) {
    catalog.stockMoved(moved);
  }

  private static Future<List<Moved>> move(SqlConnection tx, String sql, Map<UUID, Integer> quantities) {
    TreeMap<UUID, UUID> products = new TreeMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, Integer> sku : new TreeMap<>(quantities).entrySet()) {
      chain = chain.compose(v -> tx.preparedQuery(sql).execute(Tuple.of(sku.getKey(), sku.getValue())))
        .map(rows -> {
          rows.forEach(row -> products.put(row.getUUID("product_id"), sku.getKey()));
          return null;
        });
    }
    return chain.map(v -> moved(products));
  }

  /** {@code products} maps each product to the SKU moved. */
  private static List<Moved> moved(Map<UUID, UUID> products) {
    List<Moved> moved = new ArrayList<>();
    products.forEach((productId, skuId) -> moved.add(new Moved(productId, skuId)));
    return moved;
  }
}
