package io.surge.support.chat;

import java.math.BigDecimal;

/**
 * The rate limit on what one connection sends: a {@link FrameBucket} (a burst, then a steady rate). A dropped frame
 * is told at most once a second (telling every one would itself flood the client); a sustained flood closes the
 * connection.
 */
final class FrameRateLimit {

  /** Frames dropped in a row by the rate limit before the connection is closed. */
  private static final int FLOOD_CLOSE = 200;

  private final ChatSocket socket;
  private final FrameBucket bucket;
  private long lastLimitError;

  FrameRateLimit(ChatSocket socket, FrameBucket bucket) {
    this.socket = socket;
    this.bucket = bucket;
  }

  boolean allowed() {
    if (bucket.take()) {
      return true;
    }
    if (bucket.droppedInARow() >= FLOOD_CLOSE) {
      socket.close(CloseCodes.POLICY, "message rate limit");
    } else if (System.currentTimeMillis() - lastLimitError >= 1000) {
      lastLimitError = System.currentTimeMillis();
      socket.send(ChatFrames.error(null, ChatErrors.RATE_LIMITED,
        "Too many frames; at most "
          + BigDecimal.valueOf(socket.settings().ratePerSecond()).stripTrailingZeros().toPlainString()
          + " per second. Dropped frames were not processed; retry them with the same id."));
    }
    return false;
  }
}
