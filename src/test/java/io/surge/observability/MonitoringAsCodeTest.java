package io.surge.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.surge.support.Api;
import io.surge.support.PrometheusText;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard and alert rules in k8s/components/monitoring parse, and every metric they name is on /metrics. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class MonitoringAsCodeTest {

  private static final Path MONITORING = Path.of("k8s/components/monitoring");
  /** Series Prometheus makes itself (scrape health), never on /metrics. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "by", "without", "and",
    "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset", "le", "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Test
  @DisplayName("every alert has an expression, a duration and a runbook line in the README; every metric the alerts and"
    + " the dashboard name exists on /metrics")
  void expressionsNameExistingMetrics(Vertx vertx) throws IOException {
    feedTheFlashSaleMeters(vertx);
    PrometheusText metrics = MetricsTest.scrape();
    String readme = Files.readString(Path.of("README.md"));

    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("alerts.rules.yaml").toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode group : rules.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        String alert = rule.get("alert").asText();
        assertTrue(rule.hasNonNull("expr") && rule.hasNonNull("for"), alert);
        assertTrue(readme.contains("`" + alert + "`"), alert + " has a runbook line in README.md");
        expressions.add(rule.get("expr").asText());
      }
    }
    assertTrue(expressions.size() >= 5);

    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("surge-dashboard.json").toFile());
    assertEquals("surge-overview", dashboard.get("uid").asText());
    int panels = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.get("expr").asText());
        panels++;
      }
    }
    assertTrue(panels >= 15);
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      String definition = variable.path("definition").asText("");
      Matcher labelValues = Pattern.compile("label_values\\((\\w+),").matcher(definition);
      if (labelValues.find()) {
        expressions.add(labelValues.group(1));
      }
    }

    Set<String> missing = new TreeSet<>();
    for (String expression : expressions) {
      Set<String> names = metricNames(expression);
      assertFalse(names.isEmpty(), "names a metric: " + expression);
      names.stream().filter(name -> !FROM_PROMETHEUS.contains(name) && metrics.samples(name).isEmpty())
        .forEach(missing::add);
    }
    assertTrue(missing.isEmpty(), "named in k8s/components/monitoring but not on /metrics: " + missing);
  }

  /** The metric names in a PromQL expression: identifiers outside strings, label matchers, ranges and groupings. */
  static Set<String> metricNames(String expression) {
    String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\{[^}]*}", " ")
      .replaceAll("\\[[^]]*]", " ").replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(bare);
    while (matcher.find()) {
      String name = matcher.group();
      int after = matcher.end();
      while (after < bare.length() && bare.charAt(after) == ' ') {
        after++;
      }
      boolean function = after < bare.length() && bare.charAt(after) == '(';
      boolean number = matcher.start() > 0 && Character.isDigit(bare.charAt(matcher.start() - 1));
      if (!function && !number && !PROMQL_WORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  @DisplayName("metric names are found in PromQL: functions, groupings, label matchers and ranges are not metrics")
  void readsPromQl() {
    assertEquals(Set.of("a_bucket", "b_total"), metricNames(
      "histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{route=\"/x/:id\",code=~\"5..\"}[5m])))"
        + " / sum without (x) (b_total) > 0.25"));
  }

  /** A sale loaded and bought from: its per-sale series exist. */
  private static void feedTheFlashSaleMeters(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String skuId = shop.sku("MON-1", 9900, 4);
    String saleId = api.post("/api/v1/admin/flash-sales", shop.admin(), new JsonObject().put("sku_id", skuId)
      .put("sale_amount", 4900).put("quantity", 2).put("per_user_limit", 1).put("payment_window_minutes", 15)
      .put("starts_at", Instant.now().minusSeconds(1).toString())
      .put("ends_at", Instant.now().plusSeconds(3600).toString())).json().getString("id");
    assertEquals(202, api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases")
      .bearer(api.customerToken()).header("Idempotency-Key", "m1").send().status());
  }
}
