package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class GateCallsTest {

  @Test
  @DisplayName("the purchase decisions an event loop makes in one turn go to Redis as one pipeline; when the pipeline "
    + "fails (Redis lost its scripts) each is made again on its own, and every buyer holds exactly one unit")
  void oneTurnOnePipeline(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    UUID saleId = UUID.fromString(sales.liveSale("FS-PIPELINE", 20, 1).getString("id"));
    List<String> buyers = sales.buyers(11);
    assertEquals(202, Wait.forResult(sales.buy(buyers.get(0), saleId.toString(), "first")).status(),
      "the gate is built");
    // a gate of this test's own, as an HTTP instance has: its calls are the only ones it pipelines
    FlashGate gate = new FlashGate(TestServer.redisClient(), TestServer.db(), 1);
    Wait.forResult(gate.loadScripts());

    double[] before = pipelines();
    inOneTurn(vertx, gate, saleId, buyers.subList(1, 6))
      .forEach(decision -> assertEquals("accepted", decision.outcome(), decision::toString));
    double[] after = pipelines();
    assertEquals(1, after[0] - before[0], "one pipeline");
    assertEquals(5, after[1] - before[1], "of the turn's five decisions");

    // Redis lost its scripts: every EVALSHA of the next pipeline answers NOSCRIPT, so Vert.x fails it whole
    Wait.forResult(TestServer.redis().script(List.of("FLUSH")));
    inOneTurn(vertx, gate, saleId, buyers.subList(6, 11))
      .forEach(decision -> assertEquals("accepted", decision.outcome(), decision::toString));
    assertEquals(20 - 11, Wait.forResult(gate.remaining(saleId)), "one unit for each of the eleven buyers, no more");
  }

  /** Every buyer's purchase decided from one task on an event loop, as the purchases an HTTP instance reads at once. */
  private static List<FlashGate.Decision> inOneTurn(Vertx vertx, FlashGate gate, UUID saleId, List<String> buyers) {
    Promise<List<FlashGate.Decision>> decided = Promise.promise();
    vertx.runOnContext(v -> {
      List<Future<FlashGate.Decision>> decisions = buyers.stream()
        .map(token -> gate.purchase(saleId, Api.subject(token).toString(), "pipelined", 1, UUID.randomUUID(),
          UUID.randomUUID(), false))
        .toList();
      Future.all(decisions).map(all -> decisions.stream().map(Future::result).toList()).onComplete(decided);
    });
    return Wait.forResult(decided.future());
  }

  /** surge_flash_gate_pipeline_size's count and sum, as /metrics reports them. */
  private static double[] pipelines() {
    String metrics = TestServer.metrics();
    return new double[] {sample(metrics, "surge_flash_gate_pipeline_size_count"),
      sample(metrics, "surge_flash_gate_pipeline_size_sum")};
  }

  private static double sample(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }
}
