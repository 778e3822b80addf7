package io.surge.http;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address for per-IP limits. Behind a load balancer every request comes from the balancer,
 * so with {@code http.trustedProxies} (comma-separated addresses or CIDR blocks) the address is taken from
 * {@code X-Forwarded-For}: read from the right, skipping trusted proxies, the first other address is the
 * client (entries further left are whatever the client chose to send, so never trusted). Without trusted
 * proxies, or from an untrusted peer, the header is ignored and the socket address is the client.
 * A platform handler, so it runs before CORS and the security handlers.
 */
public final class ClientAddresses implements PlatformHandler {

  private static final String KEY = "surge.clientAddress";
  private final List<IpSubnetFilterRule> trusted;

  private ClientAddresses(List<IpSubnetFilterRule> trusted) {
    this.trusted = trusted;
  }

  /** A root handler, or null when no proxy is trusted (then {@link #of} uses the socket address). */
  public static ClientAddresses fromConfig(String trustedProxies) {
    if (trustedProxies == null || trustedProxies.isBlank()) {
      return null;
    }
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : trustedProxies.split(",")) {
      String block = entry.trim();
      int slash = block.indexOf('/');
      String ip = slash < 0 ? block : block.substring(0, slash);
      int bits = slash < 0 ? (ip.contains(":") ? 128 : 32) : Integer.parseInt(block.substring(slash + 1));
      rules.add(new IpSubnetFilterRule(ip, bits, IpFilterRuleType.ACCEPT));
    }
    return new ClientAddresses(rules);
  }

  /** The client address of this request. */
  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : ctx.request().remoteAddress().hostAddress();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(ctx.request().remoteAddress().hostAddress(), ctx.request().getHeader("X-Forwarded-For")));
    ctx.next();
  }

  String resolve(String peer, String forwardedFor) {
    if (forwardedFor == null || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty()) {
        continue;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return peer; // every hop is one of ours
  }

  private boolean isTrusted(String address) {
    InetSocketAddress socket;
    try {
      socket = new InetSocketAddress(io.netty.util.NetUtil.createInetAddressFromIpAddressString(address), 0);
    } catch (RuntimeException e) {
      return false;
    }
    if (socket.getAddress() == null) {
      return false; // not an IP literal (garbage in the header): never a proxy of ours
    }
    for (IpSubnetFilterRule rule : trusted) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }
}
