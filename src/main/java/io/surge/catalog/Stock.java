package io.surge.catalog;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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

  /** A checkout's reservation failed: these SKUs were short (the transaction is rolled back). */
  public static final class Shortage extends RuntimeException {

    private final transient List<UUID> skuIds;

    Shortage(List<UUID> skuIds) {
      super("not enough stock", null, false, false);
      this.skuIds = skuIds;
    }

    public List<UUID> skuIds() {
      return skuIds;
    }
  }

  private final CatalogChanges catalog;

  public Stock(CatalogChanges catalog) {
    this.catalog = catalog;
  }

  /**
   * The statement that reserves each SKU's quantity at once (V31 {@code reserve_stock}): conditional (active, and never
   * more than on hand minus reserved), in SKU-id order. When any SKU is short it fails, naming every short one ({@link
   * #shortage}), and the transaction is aborted, so nothing is reserved. It has no parameters so that it can share the
   * COMMIT's message ({@link io.surge.db.PipelinedTransaction.Sent#commitWith}): its only values are UUIDs and integers,
   * formatted here, so nothing a client sent is ever part of its text. The products moved are the caller's to name
   * ({@link #moved}): it has read its SKUs.
   */
  public static String reservation(Map<UUID, Integer> quantities) {
    StringJoiner skuIds = new StringJoiner(",", "'{", "}'::uuid[]");
    StringJoiner units = new StringJoiner(",", "'{", "}'::int[]");
    quantities.forEach((skuId, quantity) -> {
      skuIds.add(skuId.toString());
      units.add(Integer.toString(quantity));
    });
    return "SELECT reserve_stock(" + skuIds + ", " + units + ")";
  }

  /** A failed {@link #reservation}: {@link Shortage} naming the short SKUs; any other failure as it is. */
  public static Throwable shortage(Throwable failure) {
    return failure instanceof PgException pg && CatalogSql.STOCK_SHORT.equals(pg.getSqlState())
      ? new Shortage(Arrays.stream(pg.getDetail().split(",")).map(UUID::fromString).toList()) : failure;
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
  public static List<Moved> moved(Map<UUID, UUID> products) {
    List<Moved> moved = new ArrayList<>();
    products.forEach((productId, skuId) -> moved.add(new Moved(productId, skuId)));
    return moved;
  }
}
