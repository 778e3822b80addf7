package io.surge.support.chat;

/**
 * The chat's event-bus addresses, all local: between this process's {@link ChatVerticle} and its hubs
 * (one per event loop). What crosses instances goes through Redis ({@link ChatRelay}), not here.
 */
final class ChatBus {

  /** Body: a relay envelope as it came from Redis (text, see {@link ChatRelay.Envelope}), for every hub. */
  static final String DELIVER = "surge.chat.deliver";
  /** No body: the subscription was lost and is back; connections are told to sync what they may have missed. */
  static final String RESYNC = "surge.chat.resync";
  /** No body: run the assigner now (the queue or an agent's load changed). */
  static final String ASSIGN = "surge.chat.assign";
  /** No body: the queue length changed; the agents are told, coalesced. */
  static final String QUEUE_CHANGED = "surge.chat.queue-changed";

  private ChatBus() {
  }
}
