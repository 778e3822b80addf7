package io.surge.users;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Account export and erasure, from the {@code privacy} block: {@code domainTimeoutMillis} is how long the users domain
 * waits for each other domain's part (export or erasure) over the event bus; {@code retryMillis} is how often an
 * erasure that a domain did not confirm in time is asked again, until every domain has.
 */
public record PrivacySettings(long domainTimeoutMillis, long retryMillis) {

  public static PrivacySettings from(JsonObject config) {
    ConfigBlock privacy = ConfigBlock.of(config, "privacy");
    return new PrivacySettings(privacy.whole("domainTimeoutMillis"), privacy.whole("retryMillis"));
  }
}
