package io.surge.dev;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A believable demo catalog, the same for the same seed: product {@code i} of seed {@code s} is
 * always the same product (same id, slug, SKUs), whatever the count asked for, so running it again
 * inserts only what is missing. Products go in batches of array-parameter INSERTs (one statement per
 * table per batch). No images: the image pipeline owns those.
 */
public final class DemoCatalog {

  private static final int BATCH = 1000;

  private DemoCatalog() {
  }

  /** Inserts {@code products} products (fewer if some exist already); answers how many were new. */
  public static Future<Integer> generate(Pool pool, long seed, int products) {
    return insertCategories(pool).compose(categories -> insertBatches(pool, seed, products, categories, 0, 0));
  }

  private static Future<Map<String, UUID>> insertCategories(Pool pool) {
    List<String> slugs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> parents = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (DemoWords.Root root : DemoWords.ROOTS) {
      slugs.add(root.slug());
      names.add(root.name());
      parents.add(null);
      positions.add(positions.size());
      for (DemoWords.Leaf leaf : root.leaves()) {
        slugs.add(leaf.slug());
        names.add(leaf.name());
        parents.add(root.slug());
        positions.add(positions.size());
      }
    }
    Tuple params = Tuple.of(slugs.toArray(String[]::new), names.toArray(String[]::new),
      parents.toArray(String[]::new), positions.toArray(Integer[]::new));
    return pool.preparedQuery(DemoSql.INSERT_ROOT_CATEGORIES).execute(params)
      .compose(v -> pool.preparedQuery(DemoSql.INSERT_CHILD_CATEGORIES).execute(params))
      .compose(v -> pool.preparedQuery(DemoSql.CATEGORY_IDS).execute(Tuple.of((Object) slugs.toArray(String[]::new))))
      .map(rows -> {
        Map<String, UUID> ids = new HashMap<>();
        rows.forEach(row -> ids.put(row.getString("slug"), row.getUUID("id")));
        return ids;
      });
  }

  private static Future<Integer> insertBatches(Pool pool, long seed, int products, Map<String, UUID> categories,
    int from, int inserted) {
    if (from >= products) {
      return Future.succeededFuture(inserted);
    }
    int to = Math.min(products, from + BATCH);
    Batch batch = new Batch();
    for (int i = from; i < to; i++) {
      batch.add(product(seed, i), categories);
    }
    return pool.preparedQuery(DemoSql.INSERT_PRODUCTS).execute(batch.products())
      .compose(rows -> pool.preparedQuery(DemoSql.INSERT_SKUS).execute(batch.skus())
        .compose(skus -> pool.preparedQuery(DemoSql.REFRESH_PRICES).execute(Tuple.of(batch.products().getValue(0))))
        .map(prices -> rows.rowCount()))
      .compose(count -> insertBatches(pool, seed, products, categories, to, inserted + count));
  }

  /** Product {@code index} of {@code seed}: drawn from its own random stream, so it never depends on the others. */
  static DemoProduct product(long seed, int index) {
    Random random = new Random(seed * 1_000_003L + index);
    UUID id = uuid(random);
    DemoWords.Root root = pick(random, DemoWords.ROOTS);
    DemoWords.Leaf leaf = pick(random, root.leaves());
    String adjective = pick(random, DemoWords.ADJECTIVES);
    String material = pick(random, leaf.materials());
    String noun = pick(random, leaf.nouns());
    String model = random.nextInt(3) == 0 ? pick(random, DemoWords.MODELS) + " " : "";
    String title = model + adjective + " " + material + " " + noun;
    String brand = pick(random, root.brands());
    String description = "A " + adjective.toLowerCase(Locale.ROOT) + " " + noun.toLowerCase(Locale.ROOT) + " in "
      + material.toLowerCase(Locale.ROOT)
      + " by " + brand + ". " + pick(random, DemoWords.PHRASES) + " " + pick(random, DemoWords.PHRASES);
    List<String> colours = distinct(random, DemoWords.COLOURS, 1 + random.nextInt(3));
    List<String> sizes = leaf.sizes().isEmpty() ? List.of() : distinct(random, leaf.sizes(), 1 + random.nextInt(3));
    JsonObject attributes = new JsonObject().put("colour", new JsonArray(colours))
      .put("material", material.toLowerCase(Locale.ROOT));
    if (!sizes.isEmpty()) {
      attributes.put("size", new JsonArray(sizes));
    }
    int roll = random.nextInt(100);
    String status = roll < 88 ? "active" : roll < 95 ? "draft" : "archived";
    long popularity = (long) (Math.pow(random.nextDouble(), 3) * 10_000);
    long basePrice = (leaf.minPrice() + random.nextInt(leaf.maxPrice() - leaf.minPrice())) / 100 * 100 - 1;
    List<DemoProduct.Sku> skus = new ArrayList<>();
    int skuCount = 1 + random.nextInt(4);
    for (int s = 0; s < skuCount; s++) {
      JsonObject options = new JsonObject().put("colour", colours.get(s % colours.size()));
      if (!sizes.isEmpty()) {
        options.put("size", sizes.get(s % sizes.size()));
      }
      long price = basePrice + 100L * random.nextInt(3);
      Long compareAt = random.nextInt(5) == 0 ? (price * 5 / 4) / 100 * 100 - 1 : null;
      skus.add(new DemoProduct.Sku(uuid(random), "D" + Long.toString(seed, 36) + "-" + index + "-" + s, options,
        price, compareAt, 100 + random.nextInt(1900), random.nextInt(200)));
    }
    // the product offers exactly the colours and sizes some SKU has: a storefront never shows a choice it cannot sell
    attributes.put("colour",
      new JsonArray(skus.stream().map(k -> k.options().getString("colour")).distinct().toList()));
    if (!sizes.isEmpty()) {
      attributes.put("size", new JsonArray(skus.stream().map(k -> k.options().getString("size")).distinct().toList()));
    }
    String slug = slug(title) + "-" + id.toString().substring(0, 8);
    return new DemoProduct(id, slug, title, description, brand, leaf.slug(), attributes, status, popularity, skus);
  }

  static String slug(String text) {
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  private static UUID uuid(Random random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static List<String> distinct(Random random, List<String> items, int count) {
    List<String> pool = new ArrayList<>(items);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < count && !pool.isEmpty(); i++) {
      chosen.add(pool.remove(random.nextInt(pool.size())));
    }
    return chosen;
  }

  /** Column arrays for one batch: products, then their SKUs. */
  private static final class Batch {
    private final List<Object[]> productRows = new ArrayList<>();
    private final List<Object[]> skuRows = new ArrayList<>();

    void add(DemoProduct p, Map<String, UUID> categories) {
      productRows.add(new Object[] {p.id(), p.slug(), p.title(), p.description(), p.brand(),
        categories.get(p.categorySlug()), p.attributes().encode(), p.status(), p.popularity()});
      for (DemoProduct.Sku s : p.skus()) {
        skuRows.add(new Object[] {s.id(), p.id(), s.code(), s.options().encode(), s.price(), s.compareAt(),
          s.weightGrams(), s.onHand()});
      }
    }

    Tuple products() {
      return columns(productRows, new Class<?>[] {UUID.class, String.class, String.class, String.class, String.class,
        UUID.class, String.class, String.class, Long.class});
    }

    Tuple skus() {
      return columns(skuRows, new Class<?>[] {UUID.class, UUID.class, String.class, String.class, Long.class,
        Long.class, Integer.class, Integer.class});
    }

    private static Tuple columns(List<Object[]> rows, Class<?>[] types) {
      Tuple tuple = Tuple.tuple();
      for (int c = 0; c < types.length; c++) {
        Object[] column = (Object[]) java.lang.reflect.Array.newInstance(types[c], rows.size());
        for (int r = 0; r < rows.size(); r++) {
          column[r] = rows.get(r)[c];
        }
        tuple.addValue(column);
      }
      return tuple;
    }
  }
}
