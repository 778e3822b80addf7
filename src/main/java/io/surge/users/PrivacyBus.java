package io.surge.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The privacy contract between the users domain and every domain that holds something about a customer (one writer
 * per table: each domain exports and anonymises its own tables). For each part the users domain asks
 * {@link #export(String)} (reply: a JSON array, that domain's records of the customer) and {@link #erase(String)}
 * (reply: empty, once its personal data of the customer is erased or anonymised; asked again it does nothing new).
 * Both take a {@link Subject}. A refusal is a {@link ReplyException} with {@link #BAD_REQUEST} or
 * {@link #INTERNAL_ERROR}.
 */
public final class PrivacyBus {

  public static final String ORDERS = "orders";
  public static final String PAYMENTS = "payments";
  public static final String REVIEWS = "reviews";
  public static final String TICKETS = "tickets";
  public static final String CHAT = "chat";
  /** What the shop learned from the customer's purchases: their personal recommendation list. */
  public static final String RECOMMENDATIONS = "recommendations";
  /** Every part of an export, in the document's order. */
  static final List<String> EXPORT_PARTS = List.of(ORDERS, PAYMENTS, REVIEWS, TICKETS, CHAT, RECOMMENDATIONS);
  /**
   * The parts with personal data to erase. Payments hold none (provider ids and amounts only); reviews show their
   * author's display name, which the users domain itself replaces. Recommendations drop the customer's personal list
   * (a profile built from their purchases); the bought-together counts are aggregates that name nobody.
   */
  static final List<String> ERASE_PARTS = List.of(ORDERS, TICKETS, CHAT, RECOMMENDATIONS);

  /** The request is not a {@link Subject}. */
  public static final int BAD_REQUEST = 400;
  /** Anything else; the part was not (or not entirely) done. */
  public static final int INTERNAL_ERROR = 500;

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyBus.class);
  private static final String EXPORT_PREFIX = "surge.privacy.export.";
  private static final String ERASE_PREFIX = "surge.privacy.erase.";

  private PrivacyBus() {
  }

  public static String export(String part) {
    return EXPORT_PREFIX + part;
  }

  public static String erase(String part) {
    return ERASE_PREFIX + part;
  }

  /** The customer whose data is asked for. */
  public record Subject(UUID userId) {

    public JsonObject toJson() {
      return new JsonObject().put("user_id", userId.toString());
    }

    public static Subject from(JsonObject json) {
      return new Subject(UUID.fromString(json.getString("user_id")));
    }
  }

  /** Registers a domain's export part (and, when {@code erase} is not null, its erasure part). */
  public static Future<Void> answer(Vertx vertx, String part, Function<UUID, Future<JsonArray>> export,
    Function<UUID, Future<Void>> erase) {
    Future<Void> exports = vertx.eventBus().<JsonObject>consumer(export(part),
      message -> reply(part, message, export)).completion();
    return erase == null ? exports : Future.all(exports, vertx.eventBus().<JsonObject>consumer(erase(part),
      message -> reply(part, message, erase)).completion()).mapEmpty();
  }

  private static <T> void reply(String part, Message<JsonObject> message, Function<UUID, Future<T>> work) {
    Subject subject;
    try {
      subject = Subject.from(message.body());
    } catch (RuntimeException e) {
      message.fail(BAD_REQUEST, "bad_request");
      return;
    }
    work.apply(subject.userId())
      .onSuccess(message::reply)
      .onFailure(e -> {
        LOG.warn("Privacy request failed {} {}", kv("part", part), kv("userId", subject.userId()), e);
        message.fail(INTERNAL_ERROR, "internal_error");
      });
  }
}
