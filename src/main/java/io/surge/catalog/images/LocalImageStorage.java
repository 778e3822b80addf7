package io.surge.catalog.images;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Image bytes in a local folder ({@code catalog.imageDir}), one file per key. Keys come from URLs, so
 * only the shape this server generates is accepted ({@code ab/<uuid>-800.jpg}): no {@code ..}, no
 * absolute paths, and the resolved path must still lie under the root.
 */
final class LocalImageStorage implements ImageStorage {

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f-]{36}-[a-z0-9]{1,16}\\.(jpg|png)");

  private final FileSystem fs;
  private final Path root;

  LocalImageStorage(Vertx vertx, String directory) {
    this.fs = vertx.fileSystem();
    this.root = Path.of(directory).toAbsolutePath().normalize();
  }

  @Override
  public Future<Void> put(String key, Buffer bytes, String contentType) {
    Path file = resolve(key);
    if (file == null) {
      return Future.failedFuture(new IllegalArgumentException("Not a storage key: " + key));
    }
    return fs.mkdirs(file.getParent().toString()).compose(v -> fs.writeFile(file.toString(), bytes));
  }

  @Override
  public Future<Buffer> get(String key) {
    Path file = resolve(key);
    if (file == null) {
      return Future.succeededFuture();
    }
    return fs.readFile(file.toString()).recover(e -> missing(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  @Override
  public Future<Void> delete(String key) {
    Path file = resolve(key);
    if (file == null) {
      return Future.succeededFuture();
    }
    return fs.delete(file.toString()).recover(e -> missing(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Null for anything that is not a key this server issues. */
  private Path resolve(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      return null;
    }
    Path file = root.resolve(key).normalize();
    return file.startsWith(root) ? file : null;
  }

  private static boolean missing(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }
}
