package io.surge.catalog.search;

import io.surge.dev.DemoCatalog;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class SearchTest {

  /**
   * The matching set for a query whose words all occur in some title or brand (no typo to correct), written
   * out independently for the expected counts: the full-text match of the query as typed. (Before issue 12
   * it also held every product whose title + brand was trigram-similar to the query; typos are now corrected
   * word by word against the catalog's words instead.)
   */
  static final String MATCHING = "status = 'active' AND search_vector @@ websearch_to_tsquery('english', catalog_fold($1))";

  private Api api;

  @BeforeEach
  void catalog(Vertx vertx) {
    api = new Api(vertx);
    assertEquals(1000, Wait.forResult(DemoCatalog.generate(TestServer.db(), 42, 1000)));
  }

  @Test
  @DisplayName("a title with one wrong letter still finds the intended product in the top 3")
  void typoTolerance() {
    Row product = one("""
      SELECT id::text, title FROM products WHERE status = 'active'
         AND title IN (SELECT title FROM products WHERE status = 'active' GROUP BY title HAVING count(*) = 1)
       ORDER BY popularity DESC, id LIMIT 1""");
    String title = product.getString("title");
    String typo = misspell(title);
    assertFalse(typo.equalsIgnoreCase(title));
    JsonArray items = search("q=" + enc(typo)).getJsonArray("items");
    List<String> top3 = ids(items).subList(0, Math.min(3, items.size()));
    assertTrue(top3.contains(product.getString("id")),
      () -> typo + " (for " + title + ") gave " + items.encodePrettily());
  }

  @Test
  @DisplayName("one wrong letter in a word of a longer title finds it: 'Herixage' finds every 'Heritage ...' product")
  void typoInOneWord() {
    long heritage = count("SELECT count(*) FROM products WHERE " + MATCHING, "heritage");
    assertTrue(heritage > 1, "the demo catalog has Heritage products: " + heritage);
    JsonObject typo = search("q=Herixage&limit=100");
    assertEquals(heritage, typo.getLong("total"), typo::encodePrettily);
    assertEquals(true, typo.getBoolean("total_exact"));
    typo.getJsonArray("items").forEach(item -> {
      JsonObject hit = (JsonObject) item;
      assertTrue((hit.getString("title") + " " + hit.getJsonObject("highlight").getString("description"))
        .toLowerCase(Locale.ROOT).contains("heritage"), hit::encode);
    });
    assertTrue(typo.getJsonArray("items").getJsonObject(0).getJsonObject("highlight").getString("title")
      .contains("<mark>Heritage</mark>"), typo::encodePrettily);

    Row product = one("""
      SELECT id::text, title FROM products WHERE status = 'active' AND title ~ '^Heritage .* [A-Za-z]{5,}$'
       ORDER BY popularity DESC, id LIMIT 1""");
    String last = product.getString("title").substring(product.getString("title").lastIndexOf(' ') + 1);
    for (String query : List.of("Herixage " + last, "Heritage " + misspell(last), "Hreitage " + last)) {
      List<String> found = ids(search("q=" + enc(query) + "&limit=100").getJsonArray("items"));
      assertTrue(found.contains(product.getString("id")), () -> query + " misses " + product.getString("title"));
    }
  }

  @Test
  @DisplayName("a word found as typed ranks before its typo corrections, and a known word is never corrected")
  void exactMatchesFirst() {
    // "heritagz" is in no title, so it is corrected to "heritage"; one product's description has it as typed.
    Row described = one("""
      SELECT id::text FROM products
       WHERE status = 'active' AND NOT search_vector @@ websearch_to_tsquery('english', 'heritage')
       ORDER BY popularity, id LIMIT 1""");
    Wait.forResult(TestServer.db().preparedQuery("UPDATE products SET description = description || ' Heritagz.' "
      + "WHERE id = $1::uuid").execute(Tuple.of(described.getString("id"))));
    JsonObject results = search("q=heritagz");
    assertEquals(described.getString("id"), results.getJsonArray("items").getJsonObject(0).getString("id"),
      results::encodePrettily);
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING, "heritage") + 1, results.getLong("total"));

    Row unique = one("""
      SELECT id::text, title FROM products WHERE status = 'active'
         AND title IN (SELECT title FROM products WHERE status = 'active' GROUP BY title HAVING count(*) = 1)
       ORDER BY popularity, id LIMIT 1""");
    JsonObject exact = search("q=" + enc(unique.getString("title")));
    assertEquals(unique.getString("id"), exact.getJsonArray("items").getJsonObject(0).getString("id"));
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING, unique.getString("title")),
      exact.getLong("total"), "the words of a title are all known: nothing is widened");
  }

  @Test
  @DisplayName("a word with no one-typo neighbour in the catalog finds nothing: no garbage matches")
  void noPlausibleCorrection() {
    for (String query : List.of("qzxvbnmk", "Herixagq", "Herixage qzxvbnmk")) {
      JsonObject results = search("q=" + enc(query));
      assertEquals(0, results.getLong("total"), () -> query + " -> " + results.encodePrettily());
      assertTrue(results.getJsonArray("items").isEmpty());
    }
  }

  @Test
  @DisplayName("a broad query ranks, serves and counts only its N most popular matches; total says 'at least N'")
  void candidateCap() {
    long cotton = count("SELECT count(*) FROM products WHERE " + MATCHING, "cotton");
    int cap = 10;
    assertTrue(cotton > cap + 1, "a broad query: " + cotton);
    Tuple filters = Tuple.of("'cotton'", null, null, null, null, new JsonObject());
    List<String> served = new ArrayList<>();
    Wait.forResult(TestServer.db().preparedQuery(SearchSql.PAGE).execute(Tuple.of("'cotton'", null, null, null, null,
      new JsonObject(), null, null, 100, cap, "'cotton'"))).forEach(row -> served.add(row.getUUID("id").toString()));
    List<String> popular = new ArrayList<>();
    Wait.forResult(TestServer.db().preparedQuery("SELECT id::text FROM products WHERE " + MATCHING
      + " ORDER BY popularity DESC, id LIMIT " + cap).execute(Tuple.of("cotton")))
      .forEach(row -> popular.add(row.getString(0)));
    assertEquals(new HashSet<>(popular), new HashSet<>(served), "the page ranks the most popular matches only");

    JsonObject facets = SearchJson.facets(Wait.forResult(TestServer.db().preparedQuery(SearchSql.FACETS)
      .execute(filters.addInteger(SearchRoutes.VALUES_PER_ATTRIBUTE).addInteger(cap))));
    assertEquals(cap + 1, facets.getLong("total"), "counted up to the cap and one more, so 'more than the cap'");
    assertFalse(facets.getBoolean("exact"));
    long priced = facets.getJsonArray("price").stream().mapToLong(b -> ((JsonObject) b).getLong("count")).sum();
    assertEquals(cap, priced, "facets count the capped set");

    JsonObject whole = search("q=cotton");
    assertEquals(cotton, whole.getLong("total"));
    assertTrue(whole.getBoolean("total_exact"));
    assertTrue(whole.getJsonObject("facets").getBoolean("exact"));
  }

  @Test
  @DisplayName("accents do not matter: 'creme brulee' finds 'Crème Brûlée' and 'Café' finds the same as 'cafe'")
  void accentFolding() {
    long withAccents = count("SELECT count(*) FROM products WHERE status = 'active' AND title LIKE '%Crème Brûlée%'");
    assertTrue(withAccents > 0, "the demo catalog has some");
    JsonObject plain = search("q=" + enc("creme brulee dish"));
    assertTrue(plain.getJsonArray("items").stream().map(JsonObject.class::cast)
      .anyMatch(item -> item.getString("title").contains("Crème Brûlée")), plain::encodePrettily);
    assertTrue(plain.getLong("total") >= withAccents);

    JsonObject accented = search("q=" + enc("Café"));
    JsonObject unaccented = search("q=cafe");
    assertTrue(accented.getLong("total") > 0);
    assertEquals(unaccented.getLong("total"), accented.getLong("total"));
    assertEquals(ids(unaccented.getJsonArray("items")), ids(accented.getJsonArray("items")));
    String mark = accented.getJsonArray("items").getJsonObject(0).getJsonObject("highlight").getString("title");
    assertNotNull(mark);
  }

  @Test
  @DisplayName("facet counts equal a direct count of the matching products, each facet ignoring only its own filter")
  void facetCounts() {
    JsonObject all = search("q=linen");
    JsonObject facets = all.getJsonObject("facets");
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING, "linen"), all.getLong("total"));

    JsonObject brand = facets.getJsonArray("brands").getJsonObject(0);
    long expectedBrand = count("SELECT count(*) FROM products WHERE " + MATCHING + " AND brand = $2",
      "linen", brand.getString("value"));
    assertEquals(expectedBrand, brand.getLong("count"));

    JsonObject clothing = category(facets, "clothing");
    long expectedClothing = count("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id "
      + "LEFT JOIN categories parent ON parent.id = c.parent_id WHERE " + MATCHING.replace("status", "p.status")
      + " AND (c.slug = 'clothing' OR parent.slug = 'clothing')", "linen");
    assertEquals(expectedClothing, clothing.getLong("count"));
    long shirts = count("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id WHERE "
      + MATCHING.replace("status", "p.status") + " AND c.slug = 'shirts'", "linen");
    assertEquals(shirts, category(facets, "shirts").getLong("count"));

    long priced = facets.getJsonArray("price").stream().mapToLong(b -> ((JsonObject) b).getLong("count")).sum();
    assertEquals(all.getLong("total"), priced, "every active demo product has a price");

    JsonObject colour = facets.getJsonObject("attributes").getJsonArray("colour").getJsonObject(0);
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING + " AND attributes -> 'colour' ? $2", "linen",
      colour.getString("value")), colour.getLong("count"), "attribute values counted from the precomputed pairs");

    JsonObject filtered = search("q=linen&brand=" + enc(brand.getString("value")));
    assertEquals(expectedBrand, filtered.getLong("total"));
    assertEquals(facets.getJsonArray("brands"), filtered.getJsonObject("facets").getJsonArray("brands"),
      "the brand facet ignores the brand filter, so other brands stay selectable");
  }

  @Test
  @DisplayName("paging with limit=7 through a broad query serves every match exactly once")
  void cursorPagination() {
    long expected = count("SELECT count(*) FROM products WHERE " + MATCHING, "cotton");
    assertTrue(expected > 20, "a broad query: " + expected);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = search("q=cotton&limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      assertTrue(page.getJsonArray("items").size() <= 7);
      seen.addAll(ids(page.getJsonArray("items")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(expected, seen.size());
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no product served twice");
  }

  @Test
  @DisplayName("brand, price range and attribute filters narrow the results to exactly the products that pass them")
  void filters() {
    JsonObject byBrand = search("q=cotton&brand=" + enc("Northwind") + "&limit=100");
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING + " AND brand = 'Northwind'", "cotton"),
      byBrand.getLong("total"));
    byBrand.getJsonArray("items").forEach(item -> assertEquals("Northwind", ((JsonObject) item).getString("brand")));

    JsonObject byPrice = search("q=cotton&price_min=2500&price_max=4999&limit=100");
    assertEquals(count("SELECT count(*) FROM products p JOIN product_prices pp ON pp.product_id = p.id WHERE "
      + MATCHING + " AND pp.price_from BETWEEN 2500 AND 4999", "cotton"), byPrice.getLong("total"));
    byPrice.getJsonArray("items").forEach(item -> {
      long amount = ((JsonObject) item).getJsonObject("price_from").getLong("amount");
      assertTrue(amount >= 2500 && amount <= 4999, "price " + amount);
    });

    JsonObject byAttr = search("q=cotton&attr=colour:red&attr=" + enc("size:M") + "&limit=100");
    assertEquals(count("SELECT count(*) FROM products WHERE " + MATCHING
      + " AND attributes -> 'colour' ? 'red' AND attributes -> 'size' ? 'M'", "cotton"), byAttr.getLong("total"));
    assertTrue(byAttr.getLong("total") < search("q=cotton").getLong("total"));
    JsonObject oneCategory = search("q=cotton&category=trousers");
    assertEquals(count("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id WHERE "
      + MATCHING.replace("status", "p.status") + " AND c.slug = 'trousers'", "cotton"), oneCategory.getLong("total"));
  }

  @Test
  @DisplayName("draft and archived products never appear in search or suggestions")
  void onlyActive() {
    Row hidden = one("SELECT id::text, title FROM products WHERE status <> 'active' ORDER BY popularity DESC LIMIT 1");
    String title = hidden.getString("title");
    Set<String> found = new HashSet<>();
    String cursor = null;
    do {
      JsonObject page = search("q=" + enc(title) + "&limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
      found.addAll(ids(page.getJsonArray("items")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertFalse(found.contains(hidden.getString("id")));
    Set<String> inactive = new HashSet<>();
    TestServer.db().query("SELECT id::text FROM products WHERE status <> 'active'").execute()
      .await().forEach(row -> inactive.add(row.getString(0)));
    found.retainAll(inactive);
    assertTrue(found.isEmpty(), "inactive products served: " + found);
    JsonArray suggestions = suggest("q=" + enc(title.split(" ")[0]) + "&limit=20");
    ids(suggestions).forEach(id -> assertFalse(inactive.contains(id)));
  }

  @Test
  @DisplayName("suggest returns title-word prefix matches, most popular first, 8 by default")
  void suggestions() {
    Reply reply = api.get("/api/v1/search/suggest?q=lin", null);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("public, max-age=30", reply.header("Cache-Control"));
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(8, items.size());
    long previous = Long.MAX_VALUE;
    for (Object item : items) {
      JsonObject suggestion = (JsonObject) item;
      assertTrue((" " + suggestion.getString("title").toLowerCase(Locale.ROOT)).contains(" lin"), suggestion::encode);
      long popularity = count("SELECT popularity FROM products WHERE id = $1::uuid", suggestion.getString("id"));
      assertTrue(popularity <= previous, "ordered by popularity");
      previous = popularity;
    }
    assertEquals(count("SELECT max(popularity) FROM products WHERE status = 'active' "
      + "AND (catalog_fold(title) LIKE 'lin%' OR catalog_fold(title) LIKE '% lin%')"),
      count("SELECT popularity FROM products WHERE id = $1::uuid", items.getJsonObject(0).getString("id")));
    assertEquals(3, suggest("q=" + enc("crème") + "&limit=3").size());
  }

  @Test
  @DisplayName("bad input gets a 400 problem: limit out of range, a cursor the server never issued, a malformed attr")
  void badInput() {
    for (String query : List.of("q=shirt&limit=500", "q=shirt&cursor=not-a-cursor", "q=shirt&cursor=WyJ4Il0",
      "q=shirt&attr=colour", "q=shirt&price_min=50&price_max=10", "q=")) {
      Reply reply = api.get("/api/v1/search?" + query, null);
      assertEquals(400, reply.status(), () -> query + " -> " + reply);
      assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), query);
    }
    assertEquals(400, api.get("/api/v1/search/suggest?q=sh&limit=50", null).status());
  }

  @Test
  @DisplayName("search and suggest take q as typed: a quote, a backslash, a literal %, a plus, digits only (each 200)")
  void inputAsTyped() {
    for (String typed : List.of("27%22", "%5C", "50%25", "a%2Bb", "27", "%22", "%7B%7D", "%5B1%5D")) {
      assertNotNull(search("q=" + typed).getJsonArray("items"), typed);
      assertNotNull(suggest("q=" + typed), typed);
    }
  }

  @Test
  @DisplayName("an unknown query parameter or an unsupported sort is a 400 naming it (pointer and code), not silence")
  void unknownParametersRefused() {
    Reply unknown = api.get("/api/v1/search?q=shirt&colour=red", null);
    assertEquals(400, unknown.status(), unknown::toString);
    JsonObject error = unknown.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("colour", error.getString("pointer"));
    assertEquals("unknown_parameter", error.getString("code"));
    assertEquals(400, api.get("/api/v1/search/suggest?q=sh&sort=title", null).status());

    Reply sort = api.get("/api/v1/products?sort=cheapest", null);
    assertEquals(400, sort.status(), sort::toString);
    assertEquals("sort", sort.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals("enum", sort.json().getJsonArray("errors").getJsonObject(0).getString("code"));
    Reply missing = api.get("/api/v1/search", null);
    assertEquals(400, missing.status());
    assertEquals("q", missing.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals("required", missing.json().getJsonArray("errors").getJsonObject(0).getString("code"));
    Reply limit = api.get("/api/v1/search?q=shirt&limit=500", null);
    assertEquals("limit", limit.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals("maximum", limit.json().getJsonArray("errors").getJsonObject(0).getString("code"));
  }

  @Test
  @DisplayName("results carry slug, brand, price from, highlights with only <mark> markup, and are cacheable")
  void resultShape() {
    Reply reply = api.get("/api/v1/search?q=leather", null);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("public, max-age=30", reply.header("Cache-Control"));
    JsonObject first = reply.json().getJsonArray("items").getJsonObject(0);
    assertNotNull(first.getString("slug"));
    assertEquals("EUR", first.getJsonObject("price_from").getString("currency"));
    String title = first.getJsonObject("highlight").getString("title");
    assertTrue(title.contains("<mark>Leather</mark>"), title);
    assertTrue(title.replace("<mark>", "").replace("</mark>", "").indexOf('<') < 0, title);
    assertTrue(first.containsKey("image_url"));
  }

  private JsonObject search(String query) {
    Reply reply = api.get("/api/v1/search?" + query, null);
    assertEquals(200, reply.status(), () -> query + " -> " + reply);
    return reply.json();
  }

  private JsonArray suggest(String query) {
    Reply reply = api.get("/api/v1/search/suggest?" + query, null);
    assertEquals(200, reply.status(), () -> query + " -> " + reply);
    return reply.json().getJsonArray("items");
  }

  /** Changes one letter in the middle of the title's longest word. */
  static String misspell(String title) {
    String longest = "";
    for (String word : title.split(" ")) {
      longest = word.length() > longest.length() ? word : longest;
    }
    int at = longest.length() / 2;
    char wrong = longest.charAt(at) == 'x' ? 'q' : 'x';
    String typo = longest.substring(0, at) + wrong + longest.substring(at + 1);
    return title.replace(longest, typo);
  }

  private static JsonObject category(JsonObject facets, String slug) {
    return facets.getJsonArray("categories").stream().map(JsonObject.class::cast)
      .filter(c -> slug.equals(c.getString("slug"))).findFirst().orElseThrow(() -> new AssertionError(slug));
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static Row one(String sql) {
    return Wait.forResult(TestServer.db().query(sql).execute()).iterator().next();
  }

  private static long count(String sql, Object... params) {
    Row row = Wait.forResult(TestServer.db().preparedQuery(sql).execute(Tuple.from(params))).iterator().next();
    return row.getLong(0);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
