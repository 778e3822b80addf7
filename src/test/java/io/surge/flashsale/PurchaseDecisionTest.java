package io.surge.flashsale;

import io.surge.flashsale.PurchaseDecision.BuyerKey;
import io.surge.flashsale.PurchaseDecision.Decided;
import io.surge.flashsale.PurchaseWriter.Reservation;
import io.surge.flashsale.PurchaseWriter.Result;
import io.surge.flashsale.PurchaseWriter.Written;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PostgreSQL's re-decision of a batch, without a server: committed truth in, one outcome per reservation out. */
class PurchaseDecisionTest {

  private static final SaleInfo LIMIT_2 = sale(2);
  private final UUID ada = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  private static SaleInfo sale(int perUserLimit) {
    return new SaleInfo(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "FS-1", "Sale", new JsonObject(), 4900,
      "EUR",
      perUserLimit, 15);
  }

  private static Reservation reservation(SaleInfo sale, UUID user, String key, int quantity) {
    return new Reservation(UUID.randomUUID(), UUID.randomUUID(), sale, user, key, quantity);
  }

  private static List<Result> results(Decided decided) {
    return decided.outcomes().stream().map(Written::result).toList();
  }

  @Test
  @DisplayName("a retried key names the same purchase and order (a send that failed may have landed); "
    + "another key, buyer or sale names others")
  void purchaseIdsFollowTheKey() {
    UUID sale = UUID.randomUUID();
    UUID purchase = PurchaseIds.purchase(sale, ada.toString(), "k1");
    assertEquals(purchase, PurchaseIds.purchase(sale, ada.toString(), "k1"));
    assertEquals(PurchaseIds.order(sale, ada.toString(), "k1"),
      PurchaseIds.order(sale, ada.toString(), "k1"));
    assertEquals(5, Set.of(purchase, PurchaseIds.order(sale, ada.toString(), "k1"),
      PurchaseIds.purchase(sale, ada.toString(), "k2"), PurchaseIds.purchase(sale, bob.toString(), "k1"),
      PurchaseIds.purchase(UUID.randomUUID(), ada.toString(), "k1")).size());
  }

  @Test
  @DisplayName("a key already used by its buyer replays the committed purchase and takes no unit")
  void replay() {
    UUID purchase = UUID.randomUUID();
    UUID order = UUID.randomUUID();
    Map<BuyerKey, Written> committed = Map.of(new BuyerKey(ada, "k1"), new Written(Result.REPLAYED, purchase, order));

    Decided decided = PurchaseDecision.decide(5, committed, Map.of(ada, 1),
      List.of(reservation(LIMIT_2, ada, "k1", 1)));

    assertEquals(List.of(new Written(Result.REPLAYED, purchase, order)), decided.outcomes());
    assertEquals(List.of(), decided.accepted());
  }

  @Test
  @DisplayName("the same key twice in one batch: the first is written, the second replays it")
  void replayWithinBatch() {
    Reservation first = reservation(LIMIT_2, ada, "k1", 1);
    Reservation again = reservation(LIMIT_2, ada, "k1", 1);

    Decided decided = PurchaseDecision.decide(5, Map.of(), Map.of(), List.of(first, again));

    assertEquals(List.of(new Written(Result.WRITTEN, first.purchaseId(), first.orderId()),
      new Written(Result.REPLAYED, first.purchaseId(), first.orderId())), decided.outcomes());
    assertEquals(List.of(first), decided.accepted());
  }

  @Test
  @DisplayName("the same key from another buyer is another purchase")
  void keysArePerBuyer() {
    Map<BuyerKey, Written> committed = Map.of(new BuyerKey(ada, "k1"),
      new Written(Result.REPLAYED, UUID.randomUUID(), UUID.randomUUID()));

    Decided decided = PurchaseDecision.decide(5, committed, Map.of(ada, 1),
      List.of(reservation(LIMIT_2, bob, "k1", 1)));

    assertEquals(List.of(Result.WRITTEN), results(decided));
  }

  @Test
  @DisplayName("a buyer at the per-user limit with committed purchases is refused, whatever stock is left")
  void limitAgainstCommitted() {
    Decided decided = PurchaseDecision.decide(100, Map.of(), Map.of(ada, 2),
      List.of(reservation(LIMIT_2, ada, "k3", 1)));

    assertEquals(List.of(new Written(Result.OVER_LIMIT, null, null)), decided.outcomes());
    assertEquals(List.of(), decided.accepted());
  }

  @Test
  @DisplayName("the per-user limit counts earlier purchases in the same batch")
  void limitAcrossTheBatch() {
    Decided decided = PurchaseDecision.decide(100, Map.of(), Map.of(ada, 1), List.of(
      reservation(LIMIT_2, ada, "k2", 1), reservation(LIMIT_2, ada, "k3", 1), reservation(LIMIT_2, bob, "k1", 2)));

    assertEquals(List.of(Result.WRITTEN, Result.OVER_LIMIT, Result.WRITTEN), results(decided));
  }

  @Test
  @DisplayName("a refused purchase does not count toward the buyer's limit")
  void refusedDoNotCount() {
    Decided decided = PurchaseDecision.decide(1, Map.of(), Map.of(), List.of(
      reservation(LIMIT_2, ada, "big", 2), reservation(LIMIT_2, ada, "small", 1),
      reservation(LIMIT_2, ada, "more", 1)));

    assertEquals(List.of(Result.SOLD_OUT, Result.WRITTEN, Result.SOLD_OUT), results(decided));
  }

  @Test
  @DisplayName("with fewer units left than asked for, buyers are served in arrival order until the units run out")
  void soldOutWithPartialRemaining() {
    SaleInfo sale = sale(5);
    List<Reservation> arrivals = List.of(reservation(sale, ada, "a", 2), reservation(sale, bob, "b", 2),
      reservation(sale, UUID.randomUUID(), "c", 1), reservation(sale, UUID.randomUUID(), "d", 1));

    Decided decided = PurchaseDecision.decide(3, Map.of(), Map.of(), arrivals);

    assertEquals(List.of(Result.WRITTEN, Result.SOLD_OUT, Result.WRITTEN, Result.SOLD_OUT), results(decided),
      "the 2 that no longer fit is refused, the 1 after it still fits");
    assertEquals(List.of(arrivals.get(0), arrivals.get(2)), decided.accepted());
  }

  @Test
  @DisplayName("nothing left: every new purchase is sold out, a replay is still answered")
  void nothingLeft() {
    UUID purchase = UUID.randomUUID();
    Map<BuyerKey, Written> committed = Map.of(new BuyerKey(ada, "k1"),
      new Written(Result.REPLAYED, purchase, UUID.randomUUID()));

    Decided decided = PurchaseDecision.decide(0, committed, Map.of(ada, 1), List.of(
      reservation(LIMIT_2, bob, "k1", 1), reservation(LIMIT_2, ada, "k1", 1)));

    assertEquals(List.of(Result.SOLD_OUT, Result.REPLAYED), results(decided));
    assertEquals(purchase, decided.outcomes().get(1).purchaseId());
  }

  @Test
  @DisplayName("outcomes and accepted purchases keep the order the reservations arrived in")
  void arrivalOrder() {
    SaleInfo sale = sale(1);
    List<Reservation> arrivals = List.of(reservation(sale, UUID.randomUUID(), "z", 1),
      reservation(sale, UUID.randomUUID(), "a", 1),
      reservation(sale, UUID.randomUUID(), "m", 1));

    Decided decided = PurchaseDecision.decide(3, Map.of(), Map.of(), arrivals);

    assertEquals(arrivals, decided.accepted());
    assertEquals(arrivals.stream().map(Reservation::purchaseId).toList(),
      decided.outcomes().stream().map(Written::purchaseId).toList());
  }

  @Test
  @DisplayName("a purchase of several units takes them all or none")
  void quantityAboveOne() {
    SaleInfo sale = sale(3);
    Reservation three = reservation(sale, ada, "three", 3);

    assertEquals(List.of(Result.WRITTEN), results(PurchaseDecision.decide(3, Map.of(), Map.of(), List.of(three))));
    assertEquals(List.of(Result.SOLD_OUT), results(PurchaseDecision.decide(2, Map.of(), Map.of(), List.of(three))));
    assertEquals(List.of(Result.OVER_LIMIT),
      results(PurchaseDecision.decide(10, Map.of(), Map.of(ada, 1), List.of(three))));
  }
}
