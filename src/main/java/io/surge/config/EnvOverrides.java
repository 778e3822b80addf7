package io.surge.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Maps {@code SURGE_SECTION_KEY_NAME} environment variables onto keys of the configuration tree. */
final class EnvOverrides {

  private static final String PREFIX = "SURGE";

  private EnvOverrides() {
  }

  static void apply(JsonObject config, Map<String, String> env) {
    walk(config, PREFIX, env);
  }

  private static void walk(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : node.fieldNames().toArray(String[]::new)) {
      String name = prefix + "_" + snake(key);
      Object current = node.getValue(key);
      if (current instanceof JsonObject child) {
        walk(child, name, env);
        continue;
      }
      String value = env.get(name);
      if (value != null) {
        node.put(key, parse(name, value, current));
      }
    }
  }

  /** Every variable name {@link #apply} would read for this configuration tree. */
  static Set<String> names(JsonObject config) {
    Set<String> names = new TreeSet<>();
    collect(config, PREFIX, names);
    return names;
  }

  private static void collect(JsonObject node, String prefix, Set<String> names) {
    for (String key : node.fieldNames()) {
      String name = prefix + "_" + snake(key);
      if (node.getValue(key) instanceof JsonObject child) {
        collect(child, name, names);
      } else {
        names.add(name);
      }
    }
  }

  private static Object parse(String name, String value, Object current) {
    try {
      if (current instanceof Integer) {
        return Integer.parseInt(value.trim());
      }
      if (current instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (current instanceof Number) {
        return Double.parseDouble(value.trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Environment variable " + name + " must be a number, got '" + value + "'");
    }
    if (current instanceof Boolean) {
      return Boolean.parseBoolean(value.trim());
    }
    return value;
  }

  /** {@code accessTtlSeconds -> ACCESS_TTL_SECONDS}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
