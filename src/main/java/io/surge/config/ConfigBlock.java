package io.surge.config;

import io.vertx.core.json.JsonObject;

/**
 * One block of the configuration ({@code chat}, {@code payments}, ...), read strictly: every value
 * has its default in {@code conf/application.json}, so a key missing here is a configuration error,
 * reported at start-up with the key's full name rather than papered over by a second default in Java.
 */
public record ConfigBlock(String path, JsonObject json) {

  /** The top-level block {@code name} of the loaded configuration. */
  public static ConfigBlock of(JsonObject config, String name) {
    return new ConfigBlock(name, object(config, name, name));
  }

  /** A nested block, e.g. {@code dev.paymentSandbox}. */
  public ConfigBlock block(String name) {
    return new ConfigBlock(path + "." + name, object(json, name, path + "." + name));
  }

  public int integer(String key) {
    return number(key).intValue();
  }

  public long whole(String key) {
    return number(key).longValue();
  }

  public double decimal(String key) {
    return number(key).doubleValue();
  }

  public boolean flag(String key) {
    if (value(key) instanceof Boolean flag) {
      return flag;
    }
    throw wrongType(key, "true or false");
  }

  /** A string as written (possibly blank). */
  public String string(String key) {
    if (value(key) instanceof String text) {
      return text;
    }
    throw wrongType(key, "a string");
  }

  /** A string setting where blank means "not set": null then, else trimmed. */
  public String text(String key) {
    String value = string(key);
    return value.isBlank() ? null : value.trim();
  }

  private Number number(String key) {
    if (value(key) instanceof Number number) {
      return number;
    }
    throw wrongType(key, "a number");
  }

  private Object value(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      throw missing(path + "." + key);
    }
    return value;
  }

  private IllegalStateException wrongType(String key, String expected) {
    return new IllegalStateException("Configuration key " + path + "." + key + " must be " + expected
      + ", got '" + json.getValue(key) + "'");
  }

  private static JsonObject object(JsonObject parent, String name, String path) {
    Object value = parent == null ? null : parent.getValue(name);
    if (value instanceof JsonObject block) {
      return block;
    }
    throw value == null ? missing(path) : new IllegalStateException("Configuration key " + path + " must be an object");
  }

  private static IllegalStateException missing(String path) {
    return new IllegalStateException("Configuration key " + path + " is missing");
  }
}
