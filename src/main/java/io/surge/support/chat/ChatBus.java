package io.surge.support.chat;

/**
 * The chat's event-bus addresses, all local: between this process's {@link ChatVerticle} and its hubs
 * (one per event loop). What crosses instances goes through Redis ({@link ChatRelay}), not here.
 */
final class ChatBus {

  /**
   * Body: a relay envelope from the channel of versions before routing (text, see {@link ChatRelay.Envelope}), for every
   * hub. A routed envelope goes to the address of each hub that asked for its channel ({@link #SUBSCRIBE}).
   */
  static final String DELIVER = "surge.chat.deliver";
  /** Body: {@code hub address TAB channel}; answered (empty) once the channel is subscribed (see {@link ChatChannels}). */
  static final String SUBSCRIBE = "surge.chat.subscribe";
  /** Body: {@code hub address TAB channel}; the hub has no connection for that channel any more. */
  static final String UNSUBSCRIBE = "surge.chat.unsubscribe";
  /** No body: the subscription was lost and is back; connections are told to sync what they may have missed. */
  static final String RESYNC = "surge.chat.resync";
  /** No body: run the assigner now (the queue or an agent's load changed). */
  static final String ASSIGN = "surge.chat.assign";
  /** No body: the queue length changed; the agents are told, coalesced. */
  static final String QUEUE_CHANGED = "surge.chat.queue-changed";

  private ChatBus() {
  }
}
