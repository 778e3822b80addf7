package io.surge.shared;

import io.surge.http.ApiException;
import io.vertx.core.json.JsonObject;

/**
 * An amount a request sends: the {@link Money} object ({@code "price": {"amount": 1999, "currency": "EUR"}}), the
 * same shape the answers carry. Until the next API version the older flat fields ({@code price_amount} and
 * {@code currency}, {@code sale_amount}) are accepted as deprecated aliases; both at once must agree.
 */
public final class MoneyInput {

  private MoneyInput() {
  }

  /**
   * The amount named by {@code field} or its aliases (an alias currency may be null: the flash sale's comes from its
   * SKU); null when none is sent. {@code path} is the dotted path of the object holding them ("" for the body).
   */
  public static Money optional(JsonObject body, String path, String field, String aliasAmount, String aliasCurrency) {
    JsonObject money = body.getJsonObject(field);
    Long amount = body.getLong(aliasAmount);
    String currency = aliasCurrency == null ? null : body.getString(aliasCurrency);
    if (money == null) {
      return amount == null ? null : new Money(amount, currency);
    }
    Money sent = new Money(money.getLong("amount"), money.getString("currency"));
    if (amount != null && amount != sent.amount() || currency != null && !currency.equals(sent.currency())) {
      throw ApiException.invalidField(path + field, "conflict", field + " and its deprecated alias "
        + aliasAmount + " disagree; send " + field + " only.");
    }
    return sent;
  }

  /** The same, required: a 400 naming {@code field} when neither it nor its aliases are sent. */
  public static Money required(JsonObject body, String path, String field, String aliasAmount, String aliasCurrency) {
    Money money = optional(body, path, field, aliasAmount, aliasCurrency);
    if (money == null || aliasCurrency != null && money.currency() == null) {
      throw ApiException.invalidField(path + field, "required",
        field + " is required: {\"amount\": minor units, \"currency\": \"EUR\"}.");
    }
    return money;
  }
}
