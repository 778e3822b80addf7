package io.surge.scale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.RoundRobinProxy;
import io.surge.support.ServerProcess;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts every process in turn (out of the proxy's rotation, SIGTERM, started again, back in once ready) while
 * buyers keep coming (a steady trickle, and a burst in flight as each process is stopped) and a customer and an
 * agent keep talking; then the rest of the crowd, more than the units left, arrives. Checks what must survive.
 */
final class RollingRestart {

  /**
   * Every HTTP status the buyers' attempts got, with how often; the attempts whose connection was dropped instead of
   * answered (the proxy drops the buyer's connection when a server drops a request it had received), by error.
   */
  record Outcome(Map<Integer, Integer> statuses, Map<String, Integer> dropped, Map<String, Integer> chatRetries,
    List<Short> chatCloseCodes) {
  }

  private static final int QUANTITY = 500;
  private static final int BUYERS = 750;
  private static final int BURST = 60;

  private final Vertx vertx;
  private final List<ServerProcess> servers;
  private final RoundRobinProxy proxy;
  private final SaleCrowd crowd;
  private final List<Future<Reply>> replies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger nextBuyer = new AtomicInteger();
  private List<String> buyers;
  private String saleId;

  RollingRestart(Vertx vertx, List<ServerProcess> servers, RoundRobinProxy proxy) {
    this.vertx = vertx;
    this.servers = servers;
    this.proxy = proxy;
    this.crowd = new SaleCrowd(new Api(vertx, proxy.port(), 64), vertx);
  }

  Outcome run() {
    saleId = crowd.liveSale("MP-ROLLING", QUANTITY);
    buyers = crowd.buyers(BUYERS);
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Grace");
    try (ResumingChat desk = ResumingChat.connect(vertx, proxy.port(), agent.token());
      ResumingChat shopper = ResumingChat.connect(vertx, proxy.port(), customer.token())) {
      String conversation = shopper.open("Will my order survive a deploy?");
      Wait.until("an agent assigned", Duration.ofSeconds(10), () -> desk.event("assigned", null), a -> a != null);
      AtomicInteger said = new AtomicInteger();
      long buyerEvery250ms = vertx.setPeriodic(250, t -> nextBuyer());
      long talkEvery200ms = vertx.setPeriodic(200, t -> {
        int n = said.getAndIncrement();
        ResumingChat side = n % 2 == 0 ? shopper : desk;
        side.say(conversation, "m-" + n, (n % 2 == 0 ? "question " : "answer ") + n);
      });
      for (ServerProcess server : servers) {
        restartDuringBurst(server);
      }
      vertx.cancelTimer(buyerEvery250ms);
      vertx.cancelTimer(talkEvery200ms);
      while (nextBuyer() != null) {
        // the rest of the crowd: more buyers than units left
      }
      checkPurchases();
      ChatChecks.deliveredOnce(conversation, List.of(shopper, desk), 1 + said.get());
      assertTrue(shopper.welcomes() > 1 && desk.welcomes() > 1,
        "both chat clients lost their server at least once and resumed");
      Map<String, Integer> retries = new HashMap<>(shopper.retried());
      desk.retried().forEach((code, n) -> retries.merge(code, n, Integer::sum));
      List<Short> closes = new ArrayList<>(shopper.closeCodes());
      closes.addAll(desk.closeCodes());
      return new Outcome(crowd.statuses(), crowd.connectionErrors(), retries, closes);
    }
  }

  private Future<Reply> nextBuyer() {
    int i = nextBuyer.getAndIncrement();
    if (i >= buyers.size()) {
      return null;
    }
    Future<Reply> reply = crowd.buyUntilAnswered(buyers.get(i), saleId, "roll-" + i);
    replies.add(reply);
    return reply;
  }

  /** A burst of buyers, and once some of them are answered (others still in flight) the process goes. */
  private void restartDuringBurst(ServerProcess server) {
    List<Future<Reply>> burst = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      Future<Reply> reply = nextBuyer();
      if (reply != null) {
        burst.add(reply);
      }
    }
    Wait.until("a burst under way", Duration.ofSeconds(30), Duration.ofMillis(10),
      () -> burst.stream().filter(Future::isComplete).count(), answered -> answered >= Math.min(10, burst.size()));
    proxy.remove(server.port());
    server.stop();
    server.restart();
    proxy.add(server.port());
  }

  private void checkPurchases() {
    List<Future<Reply>> all = List.copyOf(replies);
    Wait.until("every buyer answered", Duration.ofSeconds(90), Duration.ofMillis(200),
      () -> all.stream().filter(Future::isComplete).count(), answered -> answered == all.size());
    assertEquals(BUYERS, all.size());
    assertTrue(all.stream().allMatch(Future::succeeded));
    Map<Integer, Long> finals = all.stream().collect(Collectors.groupingBy(r -> r.result().status(),
      Collectors.counting()));
    String seen = "final answers: " + finals + "; every attempt: " + crowd.statuses();
    assertTrue(finals.keySet().stream().allMatch(s -> s == 202 || s == 410), seen);
    Set<String> accepted = all.stream().map(Future::result).filter(r -> r.status() == 202)
      .map(r -> r.json().getString("purchase_id")).collect(Collectors.toSet());
    assertEquals(QUANTITY, accepted.size(), seen);
    assertEquals(accepted, SaleCrowd.orderedPurchases(saleId), "every 202 is an order, every order a 202");

    // a replay with the same key, on whichever process the proxy picks now, gets the first answer
    List<Future<Reply>> replays = new ArrayList<>();
    List<Reply> firsts = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).result().status() == 202) {
        firsts.add(all.get(i).result());
        replays.add(crowd.buy(buyers.get(i), saleId, "roll-" + i));
      }
    }
    // 500 replays at once through the proxy: minutes, not seconds, when the machine's cores are shared by many builds
    Wait.until("every replay answered", Duration.ofSeconds(120), Duration.ofMillis(200),
      () -> replays.stream().filter(Future::isComplete).count(), answered -> answered == replays.size());
    assertTrue(replays.stream().allMatch(Future::succeeded), "every replay answered");
    for (int i = 0; i < replays.size(); i++) {
      Reply replay = replays.get(i).result();
      assertEquals(202, replay.status(), replay::toString);
      assertEquals(firsts.get(i).json().getString("purchase_id"), replay.json().getString("purchase_id"));
      assertEquals(firsts.get(i).json().getString("order_id"), replay.json().getString("order_id"));
    }
  }
}
