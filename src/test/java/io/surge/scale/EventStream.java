package io.surge.scale;

import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A buyer's open order-event stream ({@code /api/v1/me/order-events}), its text collected as it arrives. */
final class EventStream {

  private final StringBuilder text = new StringBuilder();

  private EventStream(HttpClientResponse response) {
    assertEquals(200, response.statusCode());
    response.handler(chunk -> append(chunk.toString()));
  }

  /**
   * The response callback is registered before the request is sent: it then runs as the response arrives, on its
   * event loop, so no chunk can come before the handler that reads it.
   */
  static EventStream open(HttpClient http, int port, String token) {
    return Wait.forResult(http.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/me/order-events")
      .compose(request -> {
        request.putHeader("Authorization", "Bearer " + token);
        Future<EventStream> stream = request.response().map(EventStream::new);
        request.end();
        return stream;
      }));
  }

  private synchronized void append(String chunk) {
    text.append(chunk);
  }

  synchronized String text() {
    return text.toString();
  }
}
