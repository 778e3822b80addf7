package io.surge.catalog;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** Image storage, cache lifetimes and the search candidate cap, from the {@code catalog} block. */
public record CatalogSettings(String imageDir, long maxImageBytes, long localCacheMillis, long redisCacheSeconds,
  int searchCacheSeconds, int searchCandidates, int searchPoolSize) {

  public static CatalogSettings from(JsonObject config) {
    ConfigBlock catalog = ConfigBlock.of(config, "catalog");
    return new CatalogSettings(
      catalog.string("imageDir"),
      catalog.whole("maxImageBytes"),
      catalog.whole("localCacheMillis"),
      catalog.whole("redisCacheSeconds"),
      catalog.integer("searchCacheSeconds"),
      catalog.integer("searchCandidates"),
      catalog.integer("searchPoolSize"));
  }
}
