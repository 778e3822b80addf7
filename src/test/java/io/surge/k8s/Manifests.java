package io.surge.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** One rendered overlay (what {@code kubectl apply -k} would send), with look-ups by kind. */
record Manifests(String overlay, List<HasMetadata> objects) {

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Exactly one object of this kind: the overlays define one of each. */
  <T extends HasMetadata> T one(Class<T> kind) {
    List<T> found = all(kind);
    assertEquals(1, found.size(), () -> overlay + ": expected one " + kind.getSimpleName() + ", got " + found);
    return found.get(0);
  }

  /** Objects of a kind fabric8 has no class for (a CRD's, e.g. the Prometheus Operator's ServiceMonitor). */
  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
  }

  Deployment deployment() {
    return one(Deployment.class);
  }

  Container container() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size(), overlay + ": one container per pod");
    return containers.get(0);
  }

  Map<String, String> podLabels() {
    return deployment().getSpec().getTemplate().getMetadata().getLabels();
  }

  /** Surge's settings (other components may add ConfigMaps of their own, e.g. dashboards). */
  ConfigMap configMap() {
    List<ConfigMap> settings = all(ConfigMap.class).stream()
      .filter(c -> c.getMetadata().getName().startsWith("surge-config")).toList();
    assertEquals(1, settings.size(), () -> overlay + ": expected one surge-config ConfigMap, got " + settings);
    return settings.get(0);
  }

  /** A setting as the pod sees it from the ConfigMap. */
  String setting(String name) {
    String value = configMap().getData().get(name);
    assertNotNull(value, () -> overlay + ": the ConfigMap sets no " + name);
    return value;
  }

  Optional<EnvVar> env(String name) {
    return container().getEnv().stream().filter(e -> name.equals(e.getName())).findFirst();
  }

  Optional<Secret> secret() {
    List<Secret> secrets = all(Secret.class);
    return secrets.isEmpty() ? Optional.empty() : Optional.of(one(Secret.class));
  }

  Service service(String name) {
    return all(Service.class).stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst()
      .orElseThrow(() -> new AssertionError(overlay + ": no Service " + name));
  }

  PodDisruptionBudget disruptionBudget() {
    return one(PodDisruptionBudget.class);
  }

  HorizontalPodAutoscaler autoscaler() {
    return one(HorizontalPodAutoscaler.class);
  }

  NetworkPolicy networkPolicy() {
    return one(NetworkPolicy.class);
  }

  String namespace() {
    return deployment().getMetadata().getNamespace();
  }

  /** Whether a label selector (matchLabels only, as the manifests use) selects the pods. */
  boolean selectsPods(LabelSelector selector) {
    return selects(selector.getMatchLabels(), podLabels()) && selector.getMatchExpressions().isEmpty();
  }

  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }
}
