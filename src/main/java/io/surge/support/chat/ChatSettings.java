package io.surge.support.chat;

import io.vertx.core.json.JsonObject;

/** The chat's limits and timings, from the {@code chat} configuration block. */
public record ChatSettings(int maxFrameBytes, int maxMessageBytes, int maxTextChars, double ratePerSecond, int burst,
                           int pingSeconds, int idleSeconds, int helloSeconds, int maxConnectionsPerUser,
                           int agentCapacity, int assignMillis, int presenceSeconds) {

  public static ChatSettings from(JsonObject config) {
    JsonObject chat = config.getJsonObject("chat", new JsonObject());
    return new ChatSettings(
      chat.getInteger("maxFrameBytes", 16_384),
      chat.getInteger("maxMessageBytes", 65_536),
      chat.getInteger("maxTextChars", 4000),
      chat.getDouble("ratePerSecond", 10.0),
      chat.getInteger("burst", 20),
      chat.getInteger("pingSeconds", 20),
      chat.getInteger("idleSeconds", 60),
      chat.getInteger("helloSeconds", 10),
      chat.getInteger("maxConnectionsPerUser", 5),
      chat.getInteger("agentCapacity", 5),
      chat.getInteger("assignMillis", 2000),
      chat.getInteger("presenceSeconds", 30));
  }
}
