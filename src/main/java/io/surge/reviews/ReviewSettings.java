package io.surge.reviews;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** The review-event topic, page cache and screened words (comma list), from the {@code reviews} block. */
public record ReviewSettings(String topic, long pageCacheMillis, String blockedWords) {

  public static ReviewSettings from(JsonObject config) {
    ConfigBlock reviews = ConfigBlock.of(config, "reviews");
    return new ReviewSettings(reviews.string("topic"), reviews.whole("pageCacheMillis"),
      reviews.string("blockedWords"));
  }
}
