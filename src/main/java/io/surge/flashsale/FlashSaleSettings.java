package io.surge.flashsale;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Buyer limits, the intake and its writer, sale passes' lifetime, how long a sale's live numbers stay in Redis, from the {@code flashSales} block. {@code intake} is
 * {@code postgres} (the 202 after the batched commit) or {@code kafka} (after the intake topic's ack).
 * {@code gateBuckets}: how many Redis slots one sale's gate is split over (1 = one key set, as always; every
 * instance must use the same number). {@code writerInFlight}: how many writer transactions one process keeps in
 * flight at once (1-4).
 */
public record FlashSaleSettings(double userRatePerSecond, double userBurst, double ipRatePerSecond, double ipBurst,
  String intake, String intakeTopic, int writerBatch, long writerLingerMillis, int writerInFlight,
  long reconcileMillis, long passTtlSeconds, long liveTtlSeconds, int gateBuckets) {

  public static FlashSaleSettings from(JsonObject config) {
    ConfigBlock flash = ConfigBlock.of(config, "flashSales");
    return new FlashSaleSettings(
      flash.decimal("userRatePerSecond"),
      flash.decimal("userBurst"),
      flash.decimal("ipRatePerSecond"),
      flash.decimal("ipBurst"),
      flash.string("intake"),
      flash.string("intakeTopic"),
      flash.integer("writerBatch"),
      flash.whole("writerLingerMillis"),
      flash.integer("writerInFlight"),
      flash.whole("reconcileMillis"),
      flash.whole("passTtlSeconds"),
      flash.whole("liveTtlSeconds"),
      flash.integer("gateBuckets"));
  }

  /** True when accepted purchases go through the Kafka intake topic rather than straight to PostgreSQL. */
  public boolean kafkaIntake() {
    return "kafka".equals(intake);
  }
}
