package io.surge.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads configuration: {@code conf/application.json} defaults, then optional overlay files
 * (e.g. {@code conf/dev.json}), then environment variables. Runs once on the main thread at start-up.
 *
 * <p>Every key of the merged JSON can be set from the environment: {@code SURGE_} followed by the
 * key path in upper snake case, e.g. {@code http.port -> SURGE_HTTP_PORT},
 * {@code jwt.accessTtlSeconds -> SURGE_JWT_ACCESS_TTL_SECONDS}. The value is parsed as the type of
 * the default (number, boolean or string).
 */
public final class SurgeConfig {

  public static final String DEFAULTS = "conf/application.json";

  private SurgeConfig() {
  }

  /** Defaults, then each overlay in order, then the environment. */
  public static JsonObject load(List<String> overlays, Map<String, String> env) {
    JsonObject config = read(DEFAULTS);
    for (String overlay : overlays) {
      config.mergeIn(read(overlay), true);
    }
    EnvOverrides.apply(config, env);
    return config;
  }

  /**
   * Every environment variable that sets a key of this configuration, e.g. {@code SURGE_HTTP_PORT}: what a
   * deployment may set (the Kubernetes manifests are checked against it).
   */
  public static Set<String> environmentNames(JsonObject config) {
    return EnvOverrides.names(config);
  }

  /** Reads a JSON file from the working directory, falling back to the copy packaged in the jar. */
  static JsonObject read(String path) {
    Path file = Path.of(path);
    try {
      if (Files.isRegularFile(file)) {
        return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      }
      try (InputStream in = SurgeConfig.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("Configuration file not found: " + path);
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read configuration file " + path, e);
    }
  }

  /** A string setting, with blank meaning "not set". */
  public static String text(JsonObject section, String key) {
    String value = section.getString(key);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
