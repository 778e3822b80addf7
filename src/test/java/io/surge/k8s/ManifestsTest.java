package io.surge.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.surge.config.SurgeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code kubectl apply -k} would send for every overlay (see {@link RenderedOverlays}) makes sense: each
 * overlay's own places, hashed config, probes, sizing, spread, budget, autoscaler, config keys, monitoring.
 * The NetworkPolicy has its own test, {@link NetworkPolicyTest}.
 */
class ManifestsTest {

  /** The settings that name where an overlay's pods connect and what they call themselves. */
  private static final List<String> PLACES = List.of("SURGE_POSTGRES_HOST", "SURGE_REDIS_URI",
    "SURGE_KAFKA_BOOTSTRAP_SERVERS", "SURGE_HTTP_PUBLIC_BASE_URL", "SURGE_JWT_ISSUER");

  private static RenderedOverlays overlays;

  @BeforeAll
  static void render() throws Exception {
    overlays = RenderedOverlays.get();
  }

  @Test
  @DisplayName("each overlay names its own namespace, image registry, hosts, public URL and JWT issuer")
  void overlaysNameTheirOwnPlaces() {
    for (Manifests m : overlays.all()) {
      assertNotNull(m.namespace(), m.overlay() + ": a namespace");
      for (HasMetadata object : m.objects()) {
        assertEquals(m.namespace(), object.getMetadata().getNamespace(), m.overlay() + ": " + object.getKind()
          + " " + object.getMetadata().getName() + " in the overlay's namespace");
      }
      String registry = registry(m.container().getImage());
      assertTrue(registry.contains(".") || registry.contains(":"), m.overlay() + ": the image names a registry");
      PLACES.forEach(key -> assertFalse(m.setting(key).isBlank(), m.overlay() + ": " + key));
    }
    List<Manifests> committed = new ArrayList<>(overlays.plain.values());
    for (int i = 0; i < committed.size(); i++) {
      for (int j = i + 1; j < committed.size(); j++) {
        Manifests a = committed.get(i);
        Manifests b = committed.get(j);
        String pair = a.overlay() + " and " + b.overlay();
        assertNotEquals(a.namespace(), b.namespace(), pair + " share a namespace");
        assertNotEquals(registry(a.container().getImage()), registry(b.container().getImage()),
          pair + " share an image registry");
        for (String key : PLACES) {
          assertNotEquals(a.setting(key), b.setting(key), pair + " share " + key);
        }
      }
    }
  }

  @Test
  @DisplayName("ConfigMap and Secret names carry a content hash: changing either rolls the pods")
  void configAndSecretChangesRollThePods() throws Exception {
    for (Manifests m : overlays.all()) {
      String configMap = m.configMap().getMetadata().getName();
      assertTrue(configMap.matches("surge-config-[a-z0-9]{10}"), m.overlay() + ": hashed ConfigMap name " + configMap);
      assertEquals(List.of(configMap), configMapRefs(m.deployment()), m.overlay() + ": the pods read that ConfigMap");
      Set<String> secretRefs = secretRefs(m.deployment());
      Optional<Secret> secret = m.secret();
      if (secret.isPresent()) {
        String name = secret.get().getMetadata().getName();
        assertTrue(name.matches("surge-secrets-[a-z0-9]{10}"), m.overlay() + ": hashed Secret name " + name);
        assertEquals(Set.of(name), secretRefs, m.overlay() + ": every reference follows the generated Secret");
        for (EnvVar env : m.container().getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            String key = env.getValueFrom().getSecretKeyRef().getKey();
            assertTrue(secret.get().getData().containsKey(key), m.overlay() + ": the Secret holds " + key);
          }
        }
      } else {
        assertEquals(Set.of("surge-secrets"), secretRefs, m.overlay() + ": the externally created Secret");
      }
    }

    // Change one setting and one password in an overlay: the pod template must change with them.
    String overlay = overlays.withComponents.keySet().iterator().next();
    Manifests before = overlays.withComponents.get(overlay);
    Path settings = overlays.overlay(overlay).resolve("surge.env");
    Path secrets = overlays.tree.resolve("components/generated-secrets/secrets.env");
    String committedSettings = Files.readString(settings);
    String committedSecrets = Files.readString(secrets);
    Manifests after;
    try {
      append(settings, "SURGE_HTTP_MAX_BODY_BYTES=2097152\n");
      Files.writeString(secrets,
        committedSecrets.replaceAll("(?m)^postgres-password=.*$", "postgres-password=rotated"));
      after = new Manifests(overlay + " changed", overlays.kustomize.render(overlays.overlay(overlay)));
    } finally {
      Files.writeString(settings, committedSettings);
      Files.writeString(secrets, committedSecrets);
    }
    assertEquals("2097152", after.setting("SURGE_HTTP_MAX_BODY_BYTES"));
    assertNotEquals(configMapRefs(before.deployment()), configMapRefs(after.deployment()),
      "a config change must change the pod template (and so roll the pods)");
    assertNotEquals(secretRefs(before.deployment()), secretRefs(after.deployment()),
      "a rotated secret must change the pod template (and so roll the pods)");
  }

  @Test
  @DisplayName("probes: startup and a cheap liveness on /health/live, readiness on /health/ready, on the management port")
  void probes() {
    for (Manifests m : overlays.all()) {
      Container c = m.container();
      assertEquals(Integer.parseInt(m.setting("SURGE_HTTP_PORT")), containerPort(c, "http"), m.overlay());
      int management = containerPort(c, "management");
      assertEquals(Integer.parseInt(m.setting("SURGE_MANAGEMENT_PORT")), management, m.overlay());
      assertProbe(m, "startup", c.getStartupProbe(), "/health/live");
      assertProbe(m, "liveness", c.getLivenessProbe(), "/health/live");
      assertProbe(m, "readiness", c.getReadinessProbe(), "/health/ready");
      Probe startup = c.getStartupProbe();
      assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120,
        m.overlay() + ": first start (migrations) gets at least two minutes before liveness counts");
    }
  }

  @Test
  @DisplayName("requests equal limits, the CPU limit is whole cores, and http.instances and the JVM follow it")
  void resourcesFollowHttpInstances() throws IOException {
    for (Manifests m : overlays.all()) {
      Container c = m.container();
      Map<String, Quantity> requests = c.getResources().getRequests();
      Map<String, Quantity> limits = c.getResources().getLimits();
      for (String resource : List.of("cpu", "memory")) {
        assertNotNull(limits.get(resource), m.overlay() + ": a " + resource + " limit");
        assertEquals(0, amount(requests.get(resource)).compareTo(amount(limits.get(resource))),
          m.overlay() + ": " + resource + " request equals its limit (what is reserved is what the JVM sizes to)");
      }
      BigDecimal cpu = amount(limits.get("cpu"));
      assertTrue(cpu.signum() > 0 && cpu.stripTrailingZeros().scale() <= 0, m.overlay() + ": whole cores, got " + cpu);
      assertTrue(amount(limits.get("memory")).compareTo(BigDecimal.valueOf(512L << 20)) >= 0, m.overlay());
      int cores = cpu.intValueExact();

      assertFalse(m.configMap().getData().containsKey("SURGE_HTTP_INSTANCES"),
        m.overlay() + ": SURGE_HTTP_INSTANCES comes from the CPU limit, not the ConfigMap");
      EnvVar instances = m.env("SURGE_HTTP_INSTANCES").orElseThrow(
        () -> new AssertionError(m.overlay() + ": SURGE_HTTP_INSTANCES is set (0 would count the node's cores)"));
      String jvmCount;
      if (instances.getValue() != null) {
        assertEquals(String.valueOf(cores), instances.getValue(), m.overlay() + ": one HTTP verticle per core");
        jvmCount = "-XX:ActiveProcessorCount=(" + cores + "|\\$\\(SURGE_HTTP_INSTANCES\\))";
      } else {
        ResourceFieldSelector field = instances.getValueFrom().getResourceFieldRef();
        assertEquals("limits.cpu", field.getResource(), m.overlay());
        assertEquals(c.getName(), field.getContainerName(), m.overlay());
        assertEquals(0, amount(field.getDivisor()).compareTo(BigDecimal.ONE), m.overlay() + ": divisor 1");
        jvmCount = "-XX:ActiveProcessorCount=\\$\\(SURGE_HTTP_INSTANCES\\)";
      }
      String jvm = m.env("JAVA_TOOL_OPTIONS").map(EnvVar::getValue).orElse("");
      assertTrue(jvm.matches("(.* )?" + jvmCount + "( .*)?"), m.overlay() + ": the JVM's processor count, got " + jvm);
    }
    String dockerfile = Files.readString(Path.of("k8s/Dockerfile"));
    assertTrue(dockerfile.contains("-XX:MaxRAMPercentage="), "the heap is a share of the memory limit");
  }

  @Test
  @DisplayName("pods spread over zones and nodes; the disruption budget and the autoscaler fit the replica floor")
  void spreadBudgetAndAutoscaler() {
    for (Manifests m : overlays.all()) {
      Set<String> keys = new HashSet<>();
      for (TopologySpreadConstraint spread : m.deployment().getSpec().getTemplate().getSpec()
        .getTopologySpreadConstraints()) {
        assertTrue(m.selectsPods(spread.getLabelSelector()), m.overlay() + ": spread counts Surge's pods");
        keys.add(spread.getTopologyKey());
      }
      assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, m.overlay());

      Deployment deployment = m.deployment();
      int replicas = deployment.getSpec().getReplicas();
      assertTrue(m.selectsPods(deployment.getSpec().getSelector()), m.overlay());
      PodDisruptionBudget pdb = m.disruptionBudget();
      assertTrue(m.selectsPods(pdb.getSpec().getSelector()), m.overlay() + ": the budget covers the pods");
      int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
      assertTrue(minAvailable >= 1 && minAvailable < replicas,
        m.overlay() + ": 1 <= minAvailable (" + minAvailable + ") < replicas (" + replicas
          + "), or no drain can evict");
      HorizontalPodAutoscaler hpa = m.autoscaler();
      assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), m.overlay());
      assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName(), m.overlay());
      int min = hpa.getSpec().getMinReplicas();
      assertTrue(min >= replicas && min > minAvailable,
        m.overlay() + ": HPA floor " + min + " vs replicas " + replicas);
      assertTrue(hpa.getSpec().getMaxReplicas() > min, m.overlay() + ": the autoscaler has room to scale");
      assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(metric -> metric.getResource() != null
        && "cpu".equals(metric.getResource().getName())), m.overlay() + ": scales on CPU (requests are set)");
    }
  }

  @Test
  @DisplayName("every SURGE_* variable the pods get is a real configuration key")
  void everySettingIsARealConfigurationKey() {
    Set<String> known = new HashSet<>(SurgeConfig.environmentNames(SurgeConfig.load(List.of(), Map.of())));
    known.add("SURGE_LOG_LEVEL"); // read by logback.xml, not by the configuration tree
    for (Manifests m : overlays.all()) {
      for (String key : m.configMap().getData().keySet()) {
        assertTrue(known.contains(key), m.overlay() + ": ConfigMap key " + key + " is no configuration key");
      }
      for (EnvVar env : m.container().getEnv()) {
        if (env.getName().startsWith("SURGE_")) {
          assertTrue(known.contains(env.getName()),
            m.overlay() + ": env " + env.getName() + " is no configuration key");
        }
      }
    }
  }

  @Test
  @DisplayName("metrics: the management port is reachable only through the monitoring component's Service and ServiceMonitor")
  void monitoringComponent() {
    for (Manifests m : overlays.plain.values()) {
      assertTrue(m.custom("ServiceMonitor").isEmpty(), m.overlay() + ": monitoring is optional (needs the CRD)");
    }
    for (Manifests m : overlays.all()) {
      for (ServicePort port : m.service("surge").getSpec().getPorts()) {
        assertEquals("http", port.getTargetPort().getStrVal(), m.overlay() + ": the API Service exposes http only");
      }
    }
    for (Manifests m : overlays.withComponents.values()) {
      Service management = m.service("surge-management");
      assertTrue(Manifests.selects(management.getSpec().getSelector(), m.podLabels()), m.overlay());
      assertTrue(management.getSpec().getType() == null || "ClusterIP".equals(management.getSpec().getType()),
        m.overlay() + ": never a LoadBalancer or NodePort");
      ServicePort port = management.getSpec().getPorts().get(0);
      assertEquals("management", port.getTargetPort().getStrVal(), m.overlay());
      List<GenericKubernetesResource> monitors = m.custom("ServiceMonitor");
      assertEquals(1, monitors.size(), m.overlay() + ": one ServiceMonitor");
      Map<String, Object> spec = monitors.get(0).get("spec");
      @SuppressWarnings("unchecked")
      Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
        .get("matchLabels");
      assertTrue(Manifests.selects(selector, management.getMetadata().getLabels()), m.overlay() + ": selects it");
      @SuppressWarnings("unchecked")
      Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
      assertEquals(port.getName(), endpoint.get("port"), m.overlay());
      assertEquals("/metrics", endpoint.get("path"), m.overlay());
    }
  }

  private static void assertProbe(Manifests m, String kind, Probe probe, String path) {
    assertNotNull(probe, m.overlay() + ": a " + kind + " probe");
    HTTPGetAction get = probe.getHttpGet();
    assertNotNull(get, m.overlay() + ": " + kind + " over HTTP");
    assertEquals(path, get.getPath(), m.overlay() + ": " + kind + " path");
    assertEquals("management", get.getPort().getStrVal(), m.overlay() + ": " + kind + " on the management port");
  }

  private static int containerPort(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
      .orElseThrow(() -> new AssertionError("no container port " + name)).getContainerPort();
  }

  static List<String> configMapRefs(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().stream()
      .map(EnvFromSource::getConfigMapRef).filter(ref -> ref != null).map(ref -> ref.getName()).toList();
  }

  static Set<String> secretRefs(Deployment deployment) {
    Set<String> names = new HashSet<>();
    var pod = deployment.getSpec().getTemplate().getSpec();
    pod.getContainers().get(0).getEnv().stream().filter(e -> e.getValueFrom() != null
      && e.getValueFrom().getSecretKeyRef() != null)
      .forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName()));
    pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> names.add(v.getSecret().getSecretName()));
    return names;
  }

  private static String registry(String image) {
    int slash = image.indexOf('/');
    return slash < 0 ? "" : image.substring(0, slash);
  }

  private static BigDecimal amount(Quantity quantity) {
    assertNotNull(quantity, "a quantity");
    return Quantity.getAmountInBytes(quantity);
  }

  private static void append(Path file, String line) throws IOException {
    Files.writeString(file, line, StandardOpenOption.APPEND);
  }
}
