package io.surge.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.surge.config.SurgeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pods' NetworkPolicy, per rendered overlay: the API only from the ingress controller, the management
 * port only from monitoring, and out only to DNS, the overlay's own PostgreSQL, Redis and Kafka (the
 * namespace and ports its hosts name), and HTTPS to the payment provider.
 */
class NetworkPolicyTest {

  private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
  private static final String MONITORING = "monitoring";

  private static RenderedOverlays overlays;

  @BeforeAll
  static void render() throws Exception {
    overlays = RenderedOverlays.get();
  }

  @Test
  @DisplayName("ingress: http only from the ingress namespace, management only from the monitoring namespace")
  void ingress() {
    for (Manifests m : overlays.all()) {
      NetworkPolicy policy = m.networkPolicy();
      assertTrue(m.selectsPods(policy.getSpec().getPodSelector()), m.overlay() + ": the policy selects Surge's pods");
      assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes(), m.overlay());
      int management = Integer.parseInt(m.setting("SURGE_MANAGEMENT_PORT"));
      boolean api = false;
      boolean metrics = false;
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        assertFalse(rule.getPorts().isEmpty(), m.overlay() + ": an ingress rule open on every port");
        assertFalse(rule.getFrom().isEmpty(), m.overlay() + ": an ingress rule open to everyone");
        for (NetworkPolicyPort port : rule.getPorts()) {
          boolean toManagement = is(port.getPort(), "management", management);
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            assertTrue(peer.getIpBlock() == null, m.overlay() + ": ingress from an address block");
            String from = namespace(peer);
            assertNotNull(from, m.overlay() + ": ingress from a named namespace only");
            if (toManagement) {
              assertEquals(MONITORING, from, m.overlay() + ": the management port is for monitoring only");
              metrics = true;
            } else {
              assertTrue(is(port.getPort(), "http", Integer.parseInt(m.setting("SURGE_HTTP_PORT"))),
                m.overlay() + ": only http and management are open, got " + port.getPort());
              assertFalse(MONITORING.equals(from) || m.namespace().equals(from), m.overlay() + ": http from " + from);
              api = true;
            }
          }
        }
      }
      assertTrue(api && metrics, m.overlay() + ": http from the ingress namespace, management from monitoring");
    }
  }

  @Test
  @DisplayName("egress: DNS, the overlay's own PostgreSQL, Redis and Kafka (their namespace and ports), HTTPS out")
  void egress() {
    var defaults = SurgeConfig.load(List.of(), Map.of());
    for (Manifests m : overlays.all()) {
      List<NetworkPolicyEgressRule> rules = m.networkPolicy().getSpec().getEgress();
      rules.forEach(rule -> assertFalse(rule.getPorts().isEmpty(), m.overlay() + ": an egress rule on every port"));
      assertTrue(allows(rules, "kube-system", 53, "UDP"), m.overlay() + ": cluster DNS");
      for (NetworkPolicyEgressRule rule : rules) {
        for (NetworkPolicyPeer peer : rule.getTo()) {
          // Kustomize's common labels must not have leaked into a selector of someone else's pods (kube-dns).
          Map<String, String> selector = peer.getPodSelector() == null ? Map.of()
            : peer.getPodSelector().getMatchLabels();
          assertTrue(selector.entrySet().stream().noneMatch(label -> m.podLabels().entrySet().contains(label)),
            m.overlay() + ": an egress peer selects pods by Surge's own labels: " + peer);
        }
      }
      List<String> endpoints = new ArrayList<>();
      endpoints.add(m.setting("SURGE_POSTGRES_HOST") + ":"
        + m.configMap().getData().getOrDefault("SURGE_POSTGRES_PORT", defaults.getJsonObject("postgres")
          .getInteger("port").toString()));
      URI redis = URI.create(m.setting("SURGE_REDIS_URI"));
      endpoints.add(redis.getHost() + ":" + (redis.getPort() > 0 ? redis.getPort() : 6379));
      endpoints.addAll(List.of(m.setting("SURGE_KAFKA_BOOTSTRAP_SERVERS").split(",")));
      for (String endpoint : endpoints) {
        String host = endpoint.substring(0, endpoint.lastIndexOf(':')).trim();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1).trim());
        String namespace = serviceNamespace(host);
        assertNotNull(namespace, m.overlay() + ": " + host + " is not an in-cluster Service name (<svc>.<ns>.svc)");
        assertTrue(allows(rules, namespace, port, "TCP"), m.overlay() + ": egress to " + host + ":" + port);
      }
      assertTrue(rules.stream().anyMatch(rule -> rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)
        && rule.getPorts().stream().anyMatch(p -> is(p.getPort(), "https", 443))),
        m.overlay() + ": HTTPS out to the payment provider");
    }
  }

  private static boolean allows(List<NetworkPolicyEgressRule> rules, String namespace, int port, String protocol) {
    return rules.stream().anyMatch(rule -> rule.getPorts().stream().anyMatch(p -> is(p.getPort(), "", port)
      && protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol()))
      && rule.getTo().stream().anyMatch(peer -> namespace.equals(namespace(peer))));
  }

  /** The namespace a peer names by Kubernetes' own namespace label, or null. */
  private static String namespace(NetworkPolicyPeer peer) {
    if (peer.getNamespaceSelector() == null || peer.getNamespaceSelector().getMatchLabels() == null) {
      return null;
    }
    return peer.getNamespaceSelector().getMatchLabels().get(NAMESPACE_LABEL);
  }

  /** {@code kafka-0.kafka.surge-data.svc} (or {@code ...svc.cluster.local}) -> {@code surge-data}. */
  private static String serviceNamespace(String host) {
    String[] parts = host.split("\\.");
    for (int i = 2; i < parts.length; i++) {
      if ("svc".equals(parts[i])) {
        return parts[i - 1];
      }
    }
    return null;
  }

  private static boolean is(IntOrString port, String name, int number) {
    return port != null && (name.equals(port.getStrVal()) || Integer.valueOf(number).equals(port.getIntVal()));
  }
}
