package dev.ketch.apiserver.registry.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Test objects and readers shared by the strategy tests. */
final class Fixtures {

  private Fixtures() {}

  /** A minimal valid pod: one container {@code app} running {@code nginx:1.27}. */
  static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec();
  }

  /** A minimal valid deployment selecting and labelling app=web. */
  static DeploymentBuilder deployment() {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
        .endSpec();
  }

  static <T extends HasMetadata> T yaml(String yaml, Class<T> type) {
    try {
      return Json.yaml().readValue(yaml, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON value at a dotted path with [i] indexes, as text; "<missing>" when absent. */
  static String at(Object object, String path) {
    JsonNode node = Json.mapper().valueToTree(object);
    for (String part : path.split("\\.")) {
      String name = part;
      Integer index = null;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        name = part.substring(0, bracket);
        index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
      }
      node = node.path(name);
      if (index != null) {
        node = node.path(index);
      }
    }
    if (node.isMissingNode()) {
      return "<missing>";
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  static List<String> shown(List<Cause> causes) {
    return causes.stream().map(Cause::toString).toList();
  }

  static Pod defaultedPod(PodBuilder b) {
    Pod p = b.build();
    new PodStrategy().applyDefaults(p);
    return p;
  }

  static Deployment defaulted(Deployment d) {
    new DeploymentStrategy().applyDefaults(d);
    return d;
  }
}
