package io.surge.support.chat;

/**
 * The WebSocket close codes (RFC 6455, section 7.4.1) the chat closes a connection with, named for
 * why. A frame over {@code chat.maxFrameBytes} is closed by the server's decoder with 1009.
 */
final class CloseCodes {

  /** 1001: nothing heard within {@code chat.idleSeconds}. */
  static final short IDLE = 1001;
  /** 1003: binary data; the chat speaks JSON text frames only. */
  static final short TEXT_ONLY = 1003;
  /** 1008: no or bad hello, a frame flood, too many connections, an expired token. */
  static final short POLICY = 1008;
  /** 1012: this server is restarting (drained on SIGTERM); reconnect (to another server) and sync. */
  static final short SERVICE_RESTART = 1012;
  /** 1013: the client reads too slowly; it should reconnect and sync. */
  static final short TRY_AGAIN_LATER = 1013;

  private CloseCodes() {
  }
}
