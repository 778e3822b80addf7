package io.surge.dev.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {

  @Test
  @DisplayName("a missing figure or a zero baseline is FAIL with no value, never PASS")
  void missingIsFail() {
    JsonObject zero = new JsonObject().put("hr_at_10", 0.0);
    JsonObject some = new JsonObject().put("hr_at_10", 0.3);
    JsonObject none = new JsonObject();
    for (double value : new double[] {Targets.ratio(zero, zero, "hr_at_10"), Targets.ratio(some, zero, "hr_at_10"),
      Targets.ratio(none, some, "hr_at_10"), Targets.ratio(some, none, "hr_at_10")}) {
      JsonObject judged = Targets.target("ratio", value, ">=", 1.5);
      assertFalse(judged.getBoolean("pass"));
      assertNull(judged.getDouble("value"));
    }
    assertFalse(Targets.target("p99", Double.NaN, "<", 20).getBoolean("pass"));
  }

  @Test
  @DisplayName("a real figure is judged against its target")
  void judged() {
    JsonObject pop = new JsonObject().put("hr_at_10", 0.2);
    JsonObject forYou = new JsonObject().put("hr_at_10", 0.4);
    assertEquals(2.0, Targets.ratio(forYou, pop, "hr_at_10"), 1e-12);
    assertTrue(Targets.target("ratio", 2.0, ">=", 1.5).getBoolean("pass"));
    assertFalse(Targets.target("ratio", 1.2, ">=", 1.5).getBoolean("pass"));
    assertTrue(Targets.target("p99", 12, "<", 20).getBoolean("pass"));
    assertFalse(Targets.target("p99", 25, "<", 20).getBoolean("pass"));
  }
}
