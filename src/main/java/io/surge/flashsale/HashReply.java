package io.surge.flashsale;

import io.vertx.redis.client.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HGETALL answer read the same way whatever the protocol: a map (RESP3) or a flat field/value array (RESP2). */
final class HashReply {

  private HashReply() {
  }

  /** Field -> value in the order Redis answered them; empty when there is no hash. */
  static Map<String, String> fields(Response hash) {
    Map<String, String> values = new LinkedHashMap<>();
    if (hash == null) {
      return values;
    }
    if (hash.isMap()) {
      hash.getKeys().forEach(field -> values.put(field, hash.get(field).toString()));
    } else {
      for (int i = 0; i + 1 < hash.size(); i += 2) {
        values.put(hash.get(i).toString(), hash.get(i + 1).toString());
      }
    }
    return values;
  }
}
