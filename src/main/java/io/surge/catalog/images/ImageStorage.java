package io.surge.catalog.images;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where image bytes live. Keys are random and opaque ({@code ab/cdef...-800.jpg}); the public URL of
 * a key is {@code /media/<key>}. The default implementation is a local directory; an object store
 * can implement the same interface.
 */
public interface ImageStorage {

  Future<Void> put(String key, Buffer bytes, String contentType);

  /** Null when there is no such key. */
  Future<Buffer> get(String key);

  Future<Void> delete(String key);

  static String url(String key) {
    return "/media/" + key;
  }
}
