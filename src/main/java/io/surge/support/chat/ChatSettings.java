package io.surge.support.chat;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** The chat's limits and timings, from the {@code chat} configuration block. */
public record ChatSettings(int maxFrameBytes, int maxMessageBytes, int maxTextChars, double ratePerSecond, int burst,
  int pingSeconds, int idleSeconds, int helloSeconds, int maxConnectionsPerUser,
  int agentCapacity, int assignMillis, int presenceSeconds) {

  public static ChatSettings from(JsonObject config) {
    ConfigBlock chat = ConfigBlock.of(config, "chat");
    return new ChatSettings(
      chat.integer("maxFrameBytes"),
      chat.integer("maxMessageBytes"),
      chat.integer("maxTextChars"),
      chat.decimal("ratePerSecond"),
      chat.integer("burst"),
      chat.integer("pingSeconds"),
      chat.integer("idleSeconds"),
      chat.integer("helloSeconds"),
      chat.integer("maxConnectionsPerUser"),
      chat.integer("agentCapacity"),
      chat.integer("assignMillis"),
      chat.integer("presenceSeconds"));
  }
}
