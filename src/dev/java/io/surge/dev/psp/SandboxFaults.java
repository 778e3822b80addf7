package io.surge.dev.psp;

import io.vertx.core.json.JsonObject;

/** What the sandbox is told to get wrong, for tests and demos: {@code PUT /sandbox/faults}. */
final class SandboxFaults {

  /** API answers are held back this long (after the work is done, like a slow provider). */
  long latencyMillis;
  /** API calls answer this status without doing anything (0: off), e.g. 503. */
  int failStatus;
  boolean dropWebhooks;
  int duplicateWebhooks;
  long webhookJitterMillis;
  /** New refunds start {@code pending} (a bank refund) until {@code POST /sandbox/refunds/{id}/succeed|fail|cancel}. */
  boolean refundsPending;

  void set(JsonObject json) {
    latencyMillis = json.getLong("latency_millis", 0L);
    failStatus = json.getInteger("fail_status", 0);
    dropWebhooks = json.getBoolean("drop_webhooks", false);
    duplicateWebhooks = json.getInteger("duplicate_webhooks", 0);
    webhookJitterMillis = json.getLong("webhook_jitter_millis", 0L);
    refundsPending = json.getBoolean("refunds_pending", false);
  }

  JsonObject toJson() {
    return new JsonObject().put("latency_millis", latencyMillis).put("fail_status", failStatus)
      .put("drop_webhooks", dropWebhooks).put("duplicate_webhooks", duplicateWebhooks)
      .put("webhook_jitter_millis", webhookJitterMillis).put("refunds_pending", refundsPending);
  }
}
