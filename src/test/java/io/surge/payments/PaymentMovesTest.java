package io.surge.payments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.surge.payments.PaymentStatus.CANCELLED;
import static io.surge.payments.PaymentStatus.CREATING;
import static io.surge.payments.PaymentStatus.FAILED;
import static io.surge.payments.PaymentStatus.PENDING;
import static io.surge.payments.PaymentStatus.PROCESSING;
import static io.surge.payments.PaymentStatus.REQUIRES_ACTION;
import static io.surge.payments.PaymentStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payment ledger's rules without a server: which status changes it records, and which amounts it lets through. */
class PaymentMovesTest {

  private static ProviderIntent intent(String providerStatus, long amount, long received, String failureCode) {
    return new ProviderIntent("pi_1", providerStatus, amount, received, "EUR", null, new JsonObject(),
      failureCode, null, 0);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PaymentStatus.class)
  @DisplayName("given a succeeded payment, when the provider reports anything else, then nothing changes: succeeded is final")
  void succeededIsFinal(PaymentStatus reported) {
    assertFalse(PaymentLedger.moves(SUCCEEDED, reported));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PaymentStatus.class)
  @DisplayName("given a failed or cancelled payment, then only a later success moves it")
  void failedAndCancelledGiveWayOnlyToSuccess(PaymentStatus reported) {
    assertEquals(reported == SUCCEEDED, PaymentLedger.moves(FAILED, reported), "from failed");
    assertEquals(reported == SUCCEEDED, PaymentLedger.moves(CANCELLED, reported), "from cancelled");
  }

  @Test
  @DisplayName("given a live payment, then every different status the provider reports moves it")
  void livePaymentsFollowTheProvider() {
    for (PaymentStatus live : new PaymentStatus[] {CREATING, PENDING, REQUIRES_ACTION, PROCESSING}) {
      assertTrue(live.live());
      for (PaymentStatus reported : PaymentStatus.values()) {
        assertEquals(reported != live, PaymentLedger.moves(live, reported), live + " -> " + reported);
      }
    }
  }

  @Test
  @DisplayName("the same status again is no change (a duplicate webhook records nothing)")
  void sameStatusIsNoChange() {
    for (PaymentStatus status : PaymentStatus.values()) {
      assertFalse(PaymentLedger.moves(status, status), status::toString);
    }
  }

  @Test
  @DisplayName("the provider's states in Surge's words; a declined attempt (requires_payment_method with an error) is a failure")
  void providerStatesInSurgesWords() {
    assertEquals(SUCCEEDED, intent("succeeded", 100, 100, null).status());
    assertEquals(REQUIRES_ACTION, intent("requires_action", 100, 0, null).status());
    assertEquals(CANCELLED, intent("canceled", 100, 0, null).status());
    assertEquals(FAILED, intent("requires_payment_method", 100, 0, "card_declined").status());
    assertEquals(PENDING, intent("requires_payment_method", 100, 0, null).status(), "not tried yet");
    assertEquals(PROCESSING, intent("processing", 100, 0, null).status(), "a bank debit under way: its own state");
    assertEquals(PROCESSING, intent("requires_capture", 100, 0, null).status(), "authorised, not taken yet");
    assertFalse(PROCESSING.payable(), "the customer has nothing left to do");
    assertEquals(PENDING, intent(null, 100, 0, null).status());
  }

  @Test
  @DisplayName("a success captures what the provider received, or the intent's amount when it does not say")
  void capturedOnSuccess() {
    assertEquals(900, PaymentLedger.capturedAfter(intent("succeeded", 1000, 900, null), 0));
    assertEquals(1000, PaymentLedger.capturedAfter(intent("succeeded", 1000, 0, null), 0));
  }

  @Test
  @DisplayName("any other report leaves the captured amount as it was")
  void capturedUnchangedOtherwise() {
    assertEquals(0, PaymentLedger.capturedAfter(intent("requires_payment_method", 1000, 0, "card_declined"), 0));
    assertEquals(0, PaymentLedger.capturedAfter(intent("canceled", 1000, 1000, null), 0));
    assertEquals(250, PaymentLedger.capturedAfter(intent("processing", 1000, 0, null), 250));
  }

  @Test
  @DisplayName("a refund goes ahead for any amount up to what is left, and 'everything left' takes exactly that")
  void refundWithinWhatIsLeft() {
    assertEquals(1, Refunds.toRefund(1, 1500));
    assertEquals(1500, Refunds.toRefund(1500, 1500));
    assertEquals(1500, Refunds.toRefund(Refunds.EVERYTHING_LEFT, 1500));
  }

  @Test
  @DisplayName("a refund above what is left, of nothing, or of everything when nothing is left, is refused")
  void refundBeyondWhatIsLeft() {
    assertEquals(0, Refunds.toRefund(1501, 1500));
    assertEquals(0, Refunds.toRefund(0, 1500));
    assertEquals(0, Refunds.toRefund(-5, 1500));
    assertEquals(0, Refunds.toRefund(Refunds.EVERYTHING_LEFT, 0));
    assertEquals(0, Refunds.toRefund(10, -20), "refunds in flight beyond the capture leave nothing");
  }
}
