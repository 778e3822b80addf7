package io.surge.shared;

import java.time.OffsetDateTime;

/** Times in API and event JSON: ISO-8601 instants in UTC ({@code 2025-05-01T09:30:00Z}), null stays null. */
public final class JsonTime {

  private JsonTime() {
  }

  public static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
