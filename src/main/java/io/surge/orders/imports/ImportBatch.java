package io.surge.orders.imports;

import io.surge.catalog.ImportedProducts;
import io.surge.catalog.ImportedProducts.NewSku;
import io.surge.catalog.ImportedProducts.SkuRef;
import io.surge.users.ImportedCustomers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one batch of valid orders in one transaction, a few statements whatever its size (arrays through unnest):
 * skips the orders already imported, finds or makes their customers and products through the users and catalog
 * domains, then inserts orders, lines and history. No payment, stock movement, outbox event or e-mail.
 */
final class ImportBatch {

  static final String CREATED = "created";
  static final String EXISTS = "exists";
  static final String ERROR = "error";

  /** What a batch made, for the run's summary. */
  record Made(int customers, int products) {
  }

  private final Pool pool;
  private final UUID actor;
  private final String productStatus;

  ImportBatch(Pool pool, UUID actor, String productStatus) {
    this.pool = pool;
    this.actor = actor;
    this.productStatus = productStatus;
  }

  /** Sets every order's outcome; a failed transaction marks them all as errors (nothing of the batch stays). */
  Future<Made> write(List<ImportedOrder> orders) {
    if (orders.isEmpty()) {
      return Future.succeededFuture(new Made(0, 0));
    }
    return pool.withTransaction(tx -> tx.query(ImportSql.TAKE_TURN).execute()
      .compose(locked -> tx.preparedQuery(ImportSql.EXISTING)
        .execute(Tuple.tuple().addArrayOfString(orders.stream().map(o -> o.ref).toArray(String[]::new))))
      .compose(existing -> {
        Set<String> known = new HashSet<>();
        for (Row row : existing) {
          known.add(row.getString("order_ref"));
        }
        List<ImportedOrder> fresh = new ArrayList<>();
        for (ImportedOrder order : orders) {
          order.outcome = known.contains(order.ref) ? EXISTS : CREATED;
          if (order.outcome.equals(CREATED)) {
            fresh.add(order);
          }
        }
        return fresh.isEmpty() ? Future.succeededFuture(new Made(0, 0)) : insert(tx, fresh);
      }))
      .recover(failure -> {
        orders.forEach(order -> {
          order.outcome = ERROR;
          order.problem = new RowError("internal_error", null,
            "Order " + order.ref + " could not be written; nothing of this batch was imported.");
          order.badLine = 0;
        });
        return Future.succeededFuture(new Made(0, 0));
      });
  }

  private Future<Made> insert(SqlConnection tx, List<ImportedOrder> fresh) {
    Set<String> customerRefs = new LinkedHashSet<>();
    Map<String, NewSku> skus = new LinkedHashMap<>();
    List<ImportedOrder> guests = new ArrayList<>();
    for (ImportedOrder order : fresh) {
      if (order.first().customerRef() == null) {
        guests.add(order);
      } else {
        customerRefs.add(order.first().customerRef());
      }
      for (ImportRow row : order.rows) {
        skus.putIfAbsent(row.sku(), new NewSku(row.sku(), row.title(), row.unitAmount(), row.currency()));
      }
    }
    UUID[] guestIds = guests.stream().map(o -> UUID.randomUUID()).toArray(UUID[]::new);
    Future<ImportedCustomers.Accounts> customers = ImportedCustomers.ensure(tx, customerRefs.toArray(String[]::new));
    Future<Void> guestAccounts = ImportedCustomers.addGuests(tx, guestIds,
      guests.stream().map(o -> o.ref).toArray(String[]::new));
    Future<ImportedProducts.Skus> products = ImportedProducts.ensure(tx, skus.keySet().toArray(String[]::new), skus,
      productStatus, actor);
    return Future.all(customers, guestAccounts, products).compose(all -> {
      Map<ImportedOrder, UUID> owners = new LinkedHashMap<>();
      for (int i = 0; i < guests.size(); i++) {
        owners.put(guests.get(i), guestIds[i]);
      }
      List<ImportedOrder> writable = new ArrayList<>();
      for (ImportedOrder order : fresh) {
        UUID owner = order.first().customerRef() == null ? owners.get(order)
          : customers.result().byRef().get(order.first().customerRef());
        ImportRow unknown = order.rows.stream()
          .filter(row -> !products.result().byCode().containsKey(row.sku())).findFirst().orElse(null);
        if (owner == null || unknown != null) {
          order.outcome = ERROR;
          order.refuse(unknown == null ? order.first().line() : unknown.line(), unknown == null
            ? new RowError("customer_not_created", ImportFields.CUSTOMER_REF, "The customer could not be made.")
            : new RowError("product_not_created", ImportFields.SKU,
              "No product could be made for SKU " + unknown.sku() + " (its product slug is taken)."));
        } else {
          owners.put(order, owner);
          writable.add(order);
        }
      }
      return writeOrders(tx, writable, owners, products.result().byCode())
        .map(v -> new Made(customers.result().created(), products.result().created()));
    });
  }

  private Future<Void> writeOrders(SqlConnection tx, List<ImportedOrder> orders, Map<ImportedOrder, UUID> owners,
    Map<String, SkuRef> skus) {
    int n = orders.size();
    int lineCount = orders.stream().mapToInt(o -> o.rows.size()).sum();
    UUID[] ids = new UUID[n];
    UUID[] users = new UUID[n];
    Boolean[] cancelled = new Boolean[n];
    String[] currencies = new String[n];
    Long[] subtotals = new Long[n];
    Integer[] items = new Integer[n];
    String[] countries = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] refs = new String[n];
    UUID[] lineOrders = new UUID[lineCount];
    Integer[] lineNumbers = new Integer[lineCount];
    UUID[] skuIds = new UUID[lineCount];
    UUID[] productIds = new UUID[lineCount];
    String[] codes = new String[lineCount];
    String[] titles = new String[lineCount];
    Long[] units = new Long[lineCount];
    Integer[] quantities = new Integer[lineCount];
    Long[] amounts = new Long[lineCount];
    int l = 0;
    for (int i = 0; i < n; i++) {
      ImportedOrder order = orders.get(i);
      ImportRow first = order.first();
      ids[i] = UUID.randomUUID();
      users[i] = owners.get(order);
      cancelled[i] = order.cancelled();
      currencies[i] = first.currency();
      subtotals[i] = order.subtotal();
      items[i] = order.items();
      countries[i] = first.country();
      times[i] = first.orderedAt();
      refs[i] = order.ref;
      for (int j = 0; j < order.rows.size(); j++, l++) {
        ImportRow row = order.rows.get(j);
        SkuRef sku = skus.get(row.sku());
        lineOrders[l] = ids[i];
        lineNumbers[l] = j + 1;
        skuIds[l] = sku.skuId();
        productIds[l] = sku.productId();
        codes[l] = row.sku();
        titles[l] = row.title();
        units[l] = row.unitAmount();
        quantities[l] = row.quantity();
        amounts[l] = row.unitAmount() * row.quantity();
      }
    }
    if (n == 0) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ImportSql.INSERT_ORDERS)
      .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(users).addArrayOfBoolean(cancelled)
        .addArrayOfString(currencies).addArrayOfLong(subtotals).addArrayOfInteger(items).addArrayOfString(countries)
        .addArrayOfOffsetDateTime(times).addArrayOfString(refs))
      .compose(v -> Future.all(
        tx.preparedQuery(ImportSql.INSERT_LINES)
          .execute(Tuple.tuple().addArrayOfUUID(lineOrders).addArrayOfInteger(lineNumbers).addArrayOfUUID(skuIds)
            .addArrayOfUUID(productIds).addArrayOfString(codes).addArrayOfString(titles).addArrayOfLong(units)
            .addArrayOfInteger(quantities).addArrayOfLong(amounts)),
        tx.preparedQuery(ImportSql.INSERT_HISTORY)
          .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfBoolean(cancelled).addArrayOfOffsetDateTime(times)
            .addUUID(actor))))
      .mapEmpty();
  }
}
