package io.surge.dev.psp;

import io.surge.payments.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers the sandbox's events to Surge as a real provider does: signed ({@code Stripe-Signature}, signed
 * again at each attempt), retried with exponential backoff until a 2xx, and, when the faults say so, late
 * (random jitter, so out of order), more than once, or never.
 */
final class SandboxWebhooks {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxWebhooks.class);

  private final Vertx vertx;
  private final WebClient web;
  private final String target;
  private final String secret;
  private final int maxAttempts;
  private final long backoffMillis;
  private final SandboxFaults faults;
  private final String apiVersion;
  long delivered;
  long failedAttempts;
  /** Bumped by a reset: deliveries (and retries) of events from before it are dropped. */
  private long generation;

  SandboxWebhooks(Vertx vertx, String target, String secret, String apiVersion, SandboxSettings options,
    SandboxFaults faults) {
    this.apiVersion = apiVersion;
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2000));
    this.target = target;
    this.secret = secret;
    this.maxAttempts = options.webhookAttempts();
    this.backoffMillis = options.webhookBackoffMillis();
    this.faults = faults;
  }

  /**
   * Wraps the object in an event of the endpoint's API version (as Stripe shapes events for the webhook endpoint's
   * version) and sends it (and its duplicates, if asked for).
   */
  JsonObject emit(String type, JsonObject object) {
    JsonObject event = new JsonObject()
      .put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""))
      .put("object", "event")
      .put("type", type)
      .put("api_version", apiVersion)
      .put("created", System.currentTimeMillis() / 1000)
      .put("livemode", false)
      .put("pending_webhooks", 1)
      .putNull("request")
      .put("data", new JsonObject().put("object", object.copy()));
    if (faults.dropWebhooks) {
      return event;
    }
    Buffer body = event.toBuffer();
    for (int copy = 0; copy <= faults.duplicateWebhooks; copy++) {
      later(body, 1, generation);
    }
    return event;
  }

  void reset() {
    generation++;
    delivered = 0;
    failedAttempts = 0;
  }

  private void later(Buffer body, int attempt, long of) {
    long jitter = faults.webhookJitterMillis > 0 ? ThreadLocalRandom.current().nextLong(faults.webhookJitterMillis) : 0;
    long backoff = attempt == 1 ? 0 : Math.min(backoffMillis << Math.min(attempt - 2, 10), 30_000);
    long delay = Math.max(1, jitter + backoff);
    vertx.setTimer(delay, id -> send(body, attempt, of));
  }

  private void send(Buffer body, int attempt, long of) {
    if (of != generation) {
      return;
    }
    web.postAbs(target).timeout(10_000)
      .putHeader("Content-Type", "application/json")
      .putHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, System.currentTimeMillis() / 1000, body))
      .sendBuffer(body)
      .onComplete(ar -> {
        if (of != generation) {
          return;
        }
        if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
          delivered++;
          return;
        }
        failedAttempts++;
        if (attempt < maxAttempts) {
          later(body, attempt + 1, of);
        } else {
          LOG.warn("sandbox gave up delivering a webhook after {} attempts", attempt);
        }
      });
  }
}
