package io.surge.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The catalog side of the order history import, inside the importer's transaction: finds SKUs by code and makes a
 * product with one SKU for every code the catalog does not know (no stock, its price the first imported line's, an
 * initial price-history row). Made products get the status the import asks for; nothing is announced (no cache
 * invalidation is needed for products no page has shown yet, and the import publishes no events).
 */
public final class ImportedProducts {

  private static final String FIND_SKUS = "SELECT id, product_id, code FROM skus WHERE code = ANY($1::text[])";
  /** The title's words, then the code; slugs stay unique across codes that differ only in case or punctuation. */
  private static final String INSERT_PRODUCTS = """
    INSERT INTO products (id, slug, title, status, price_from, price_currency)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
    ON CONFLICT (slug) DO NOTHING
    RETURNING id""";
  private static final String INSERT_SKUS = """
    INSERT INTO skus (id, product_id, code, price_amount, currency)
    SELECT t.id, t.product_id, t.code, t.amount, t.currency
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[]) AS t(id, product_id, code, amount, currency)
      JOIN products p ON p.id = t.product_id
    ON CONFLICT (code) DO NOTHING
    RETURNING id, price_amount, currency""";
  private static final String RECORD_PRICES = """
    INSERT INTO price_history (sku_id, amount, currency, kind, changed_by)
    SELECT id, amount, currency, 'initial', $4 FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS t(id, amount, currency)""";

  private ImportedProducts() {
  }

  /** A SKU as an order line points at it. */
  public record SkuRef(UUID skuId, UUID productId) {
  }

  /** What an unknown code becomes: the product's title and the SKU's price. */
  public record NewSku(String code, String title, long amount, String currency) {
  }

  /** The SKUs found or made, by code; {@code created} counts the new products. */
  public record Skus(Map<String, SkuRef> byCode, int created) {
  }

  /**
   * Resolves every code, making the unknown ones from {@code candidates} (one per code) as products of
   * {@code status}; a code whose product could not be made (its slug is taken) stays unresolved.
   */
  public static Future<Skus> ensure(SqlConnection tx, String[] codes, Map<String, NewSku> candidates, String status,
    UUID actor) {
    return find(tx, codes).compose(found -> {
      List<NewSku> missing = candidates.values().stream().filter(sku -> !found.containsKey(sku.code())).toList();
      if (missing.isEmpty()) {
        return Future.succeededFuture(new Skus(found, 0));
      }
      int n = missing.size();
      UUID[] productIds = new UUID[n];
      UUID[] skuIds = new UUID[n];
      String[] slugs = new String[n];
      String[] titles = new String[n];
      String[] statuses = new String[n];
      String[] skuCodes = new String[n];
      Long[] amounts = new Long[n];
      String[] currencies = new String[n];
      for (int i = 0; i < n; i++) {
        NewSku sku = missing.get(i);
        productIds[i] = UUID.randomUUID();
        skuIds[i] = UUID.randomUUID();
        slugs[i] = slug(sku.title(), sku.code());
        titles[i] = sku.title();
        statuses[i] = status;
        skuCodes[i] = sku.code();
        amounts[i] = sku.amount();
        currencies[i] = sku.currency();
      }
      return tx.preparedQuery(INSERT_PRODUCTS)
        .execute(Tuple.tuple().addArrayOfUUID(productIds).addArrayOfString(slugs).addArrayOfString(titles)
          .addArrayOfString(statuses).addArrayOfLong(amounts).addArrayOfString(currencies))
        .compose(products -> tx.preparedQuery(INSERT_SKUS)
          .execute(Tuple.tuple().addArrayOfUUID(skuIds).addArrayOfUUID(productIds).addArrayOfString(skuCodes)
            .addArrayOfLong(amounts).addArrayOfString(currencies))
          .compose(skus -> recordPrices(tx, skus, actor))
          .compose(v -> find(tx, codes))
          .map(all -> new Skus(all, products.rowCount())));
    });
  }

  private static Future<Map<String, SkuRef>> find(SqlConnection tx, String[] codes) {
    return tx.preparedQuery(FIND_SKUS).execute(Tuple.tuple().addArrayOfString(codes)).map(rows -> {
      Map<String, SkuRef> byCode = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        byCode.put(row.getString("code"), new SkuRef(row.getUUID("id"), row.getUUID("product_id")));
      }
      return byCode;
    });
  }

  private static Future<Void> recordPrices(SqlConnection tx, Iterable<Row> skus, UUID actor) {
    List<Row> rows = new java.util.ArrayList<>();
    skus.forEach(rows::add);
    UUID[] ids = rows.stream().map(row -> row.getUUID("id")).toArray(UUID[]::new);
    Long[] amounts = rows.stream().map(row -> row.getLong("price_amount")).toArray(Long[]::new);
    String[] currencies = rows.stream().map(row -> row.getString("currency")).toArray(String[]::new);
    return ids.length == 0 ? Future.succeededFuture()
      : tx.preparedQuery(RECORD_PRICES).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfLong(amounts)
        .addArrayOfString(currencies).addUUID(actor)).mapEmpty();
  }

  /** {@code white-hanging-heart-85123a-1c0f3e}: readable, and unique per code (the hash tells 85123A from 85123a). */
  static String slug(String title, String code) {
    CRC32 crc = new CRC32();
    crc.update(code.getBytes(StandardCharsets.UTF_8));
    String words = words(title, 60);
    String codeWords = words(code, 40);
    String hash = String.format(Locale.ROOT, "%08x", crc.getValue()).substring(0, 6);
    StringBuilder slug = new StringBuilder();
    for (String part : new String[] {words, codeWords, hash}) {
      if (!part.isEmpty()) {
        slug.append(slug.length() == 0 ? "" : "-").append(part);
      }
    }
    return slug.toString();
  }

  private static String words(String text, int max) {
    String folded = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD).toLowerCase(Locale.ROOT)
      .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (folded.length() > max) {
      folded = folded.substring(0, max).replaceAll("-+$", "");
    }
    return folded;
  }
}
