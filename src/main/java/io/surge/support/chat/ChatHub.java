package io.surge.support.chat;

import io.surge.Infrastructure;
import io.surge.auth.SessionRevocations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * This event loop's chat connections: accepts WebSockets on {@link #PATH} (outside the OpenAPI
 * router), delivers relayed frames to the connections of their recipients, pings and times out idle
 * connections, and keeps this loop's agents marked online.
 */
public final class ChatHub {

  public static final String PATH = "/api/v1/support/ws";
  private static final Logger LOG = LoggerFactory.getLogger(ChatHub.class);
  private static final long SWEEP_MILLIS = 5000;
  /**
   * A sweep visits its connections in this many slices, one per tick, so each is still seen every sweep period but
   * the pings and closes it sends are spread over the period. Done at once, a sweep wrote a ping to every connection
   * that was due (a quarter of them with a 20 s ping and a 5 s sweep): with 10 000 connections each burst held
   * messages back by up to 200-300 ms (benchmarks/chat.sh at 200 msg/s: p99 93-108 ms with pings, 11 ms without).
   */
  private static final int SWEEP_SLICES = 20;

  private final Vertx vertx;
  private final Infrastructure infra;
  private final ChatSettings settings;
  private final Conversations conversations;
  private final ChatRelay relay;
  private final Set<ChatSocket> sockets = new LinkedHashSet<>();
  private final Map<String, List<ChatSocket>> byUser = new HashMap<>();
  private final Set<ChatSocket> agents = new LinkedHashSet<>();
  /** This hub's own event-bus address: the envelopes of the channels it asked for ({@link ChatChannels}). */
  private final String address = "surge.chat.hub." + UUID.randomUUID();
  /** Channel -> its subscription (complete once Redis has it), while a connection here needs it. */
  private final Map<String, Future<Void>> listening = new HashMap<>();
  /** Per process (all event loops): user id -> open chat connections, for the per-user cap. */
  private final LocalMap<String, Integer> perUser;
  private long lastPresence;
  /** The connections of the sweep under way (taken at its first slice) and the next slice to visit. */
  private List<ChatSocket> sweeping = List.of();
  private int nextSlice;

  private ChatHub(Infrastructure infra) {
    this.vertx = infra.vertx();
    this.infra = infra;
    this.settings = ChatSettings.from(infra.config());
    this.relay = new ChatRelay(infra.redis());
    this.conversations = new Conversations(vertx, infra.pg(), relay, settings.agentCapacity());
    this.perUser = vertx.sharedData().getLocalMap("surge.chat.connections");
  }

  /** Attaches the chat endpoint to this event loop's HTTP server. */
  public static ChatHub attach(HttpServer server, Infrastructure infra) {
    ChatHub hub = new ChatHub(infra);
    server.webSocketHandshakeHandler(hub::handshake);
    server.webSocketHandler(hub::connected);
    hub.vertx.eventBus().<String>localConsumer(ChatBus.DELIVER, message -> hub.deliver(message.body()));
    hub.vertx.eventBus().<String>localConsumer(hub.address, message -> hub.deliver(message.body()));
    hub.vertx.eventBus().localConsumer(ChatBus.RESYNC, message -> hub.askToResync());
    hub.vertx.eventBus().<String>localConsumer(SessionRevocations.ENDED, message -> hub.sessionEnded(message.body()));
    ChatSettings settings = hub.settings;
    long sweepMillis = Math.max(250,
      Math.min(SWEEP_MILLIS, 500L * Math.min(settings.pingSeconds(), settings.helloSeconds())));
    hub.vertx.setPeriodic(Math.max(10, sweepMillis / SWEEP_SLICES), id -> hub.sweepSlice());
    return hub;
  }

  ChatSettings settings() {
    return settings;
  }

  Conversations conversations() {
    return conversations;
  }

  ChatRelay relay() {
    return relay;
  }

  Infrastructure infra() {
    return infra;
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (PATH.equals(handshake.path())) {
      handshake.accept();
    } else {
      handshake.reject(404);
    }
  }

  private void connected(ServerWebSocket ws) {
    ChatSocket socket = new ChatSocket(this, ws);
    sockets.add(socket);
    socket.start();
  }

  /**
   * The server is stopping: every connection stops reading frames, and closes with 1012 once the frames it has in
   * flight are answered (at the latest after {@code millis}). Completes when all are closed.
   */
  public Future<Void> drain(long millis) {
    List<Future<Void>> closed = new ArrayList<>();
    for (ChatSocket socket : new ArrayList<>(sockets)) {
      closed.add(socket.drain(millis));
    }
    return Future.join(closed).mapEmpty();
  }

  /** A connection proved who it is; false when the user already has as many connections as allowed. */
  boolean register(ChatSocket socket) {
    String user = socket.userId();
    int count = perUser.merge(user, 1, Integer::sum);
    if (count > settings.maxConnectionsPerUser()) {
      perUser.merge(user, -1, (a, b) -> a + b <= 0 ? null : a + b);
      return false;
    }
    byUser.computeIfAbsent(user, k -> new ArrayList<>(1)).add(socket);
    if (socket.agent()) {
      agents.add(socket);
    }
    return true;
  }

  /**
   * Completes once the frames for a registered connection's user (and, for an agent, every agent) reach this hub: only
   * then is the connection welcomed, so nothing published after the welcome misses it.
   */
  Future<Void> listening(ChatSocket socket) {
    Future<Void> user = listen(ChatRelay.channel(socket.userId()));
    return socket.agent() ? Future.all(user, listen(ChatRelay.channel(ChatRelay.AGENTS))).mapEmpty() : user;
  }

  private Future<Void> listen(String channel) {
    return listening.computeIfAbsent(channel, c -> vertx.eventBus().request(ChatBus.SUBSCRIBE, address + '\t' + c)
      .<Void>mapEmpty()
      // not answered (Redis slow or away): the connection goes on; a restored subscription asks every one to resync
      .recover(e -> {
        LOG.warn("Chat subscription to {} not confirmed: {}", c, e.toString());
        return Future.succeededFuture();
      }));
  }

  private void stopListening(String channel) {
    if (listening.remove(channel) != null) {
      vertx.eventBus().send(ChatBus.UNSUBSCRIBE, address + '\t' + channel);
    }
  }

  /**
   * An agent's connection changed whether they take new conversations ({@link ChatSocket#available()}; on hello: yes). Available agents
   * are kept online for the assigner; an unavailable one can still take conversations by hand.
   */
  Future<Void> availabilityChanged(ChatSocket socket) {
    UUID agent = UUID.fromString(socket.userId());
    if (socket.available()) {
      return markOnline(List.of(agent)).onSuccess(v -> conversations.assignSoon());
    }
    boolean elsewhere = agents.stream()
      .anyMatch(other -> other != socket && other.available() && other.userId().equals(socket.userId()));
    return elsewhere ? Future.succeededFuture()
      : infra.pg().preparedQuery(ChatSql.AGENT_OFFLINE).execute(Tuple.of(agent)).mapEmpty();
  }

  void closed(ChatSocket socket) {
    sockets.remove(socket);
    String user = socket.userId();
    if (user == null || !socket.registered()) {
      return;
    }
    List<ChatSocket> mine = byUser.get(user);
    if (mine != null) {
      mine.remove(socket);
      if (mine.isEmpty()) {
        byUser.remove(user);
        stopListening(ChatRelay.channel(user));
      }
    }
    if (agents.remove(socket) && agents.isEmpty()) {
      stopListening(ChatRelay.channel(ChatRelay.AGENTS));
    }
    Integer left = perUser.merge(user, -1, (a, b) -> a + b <= 0 ? null : a + b);
    if (left == null) {
      socket.announceGone();
      if (socket.agent() && socket.available()) {
        // Another instance holding this agent keeps them online with its next heartbeat.
        infra.pg().preparedQuery(ChatSql.AGENT_OFFLINE).execute(Tuple.of(UUID.fromString(user)));
      }
    }
  }

  private void deliver(String raw) {
    ChatRelay.Envelope envelope = ChatRelay.Envelope.parse(raw);
    Set<ChatSocket> reached = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String recipient : envelope.recipients()) {
      if (ChatRelay.AGENTS.equals(recipient)) {
        reached.addAll(agents);
      } else {
        List<ChatSocket> mine = byUser.get(recipient);
        if (mine != null) {
          reached.addAll(mine);
        }
      }
    }
    for (ChatSocket socket : reached) {
      socket.push(envelope);
    }
  }

  private void sessionEnded(String userId) {
    List<ChatSocket> mine = byUser.get(userId);
    if (mine != null) {
      new ArrayList<>(mine).forEach(ChatSocket::sessionEnded);
    }
  }

  private void askToResync() {
    for (ChatSocket socket : sockets) {
      if (socket.registered()) {
        socket.send(ChatFrames.of("resync"));
      }
    }
  }

  /** Pings, idle and hello timeouts, expired tokens; and this loop's agents stay online. */
  private void sweepSlice() {
    if (nextSlice == 0) {
      sweeping = new ArrayList<>(sockets);
    }
    long now = System.currentTimeMillis();
    int size = sweeping.size();
    for (int i = size * nextSlice / SWEEP_SLICES; i < size * (nextSlice + 1) / SWEEP_SLICES; i++) {
      ChatSocket socket = sweeping.get(i);
      if (sockets.contains(socket)) { // not closed since the sweep began
        socket.sweep(now);
      }
    }
    nextSlice = (nextSlice + 1) % SWEEP_SLICES;
    if (!agents.isEmpty() && now - lastPresence >= settings.presenceSeconds() * 1000L / 3) {
      lastPresence = now;
      Set<UUID> online = new HashSet<>();
      agents.stream().filter(ChatSocket::available).forEach(socket -> online.add(UUID.fromString(socket.userId())));
      if (!online.isEmpty()) {
        markOnline(new ArrayList<>(online));
      }
    }
  }

  private Future<Void> markOnline(List<UUID> agentIds) {
    if (agentIds.size() == 1) {
      return infra.pg().preparedQuery(ChatSql.AGENT_ONLINE)
        .execute(Tuple.of(agentIds.get(0), settings.presenceSeconds()))
        .<Void>mapEmpty().onFailure(e -> LOG.warn("Could not mark an agent online", e));
    }
    return infra.pg().preparedQuery(ChatSql.AGENTS_ONLINE)
      .execute(Tuple.of(agentIds.toArray(new UUID[0]), settings.presenceSeconds()))
      .<Void>mapEmpty().onFailure(e -> LOG.warn("Could not keep agents online", e));
  }
}
