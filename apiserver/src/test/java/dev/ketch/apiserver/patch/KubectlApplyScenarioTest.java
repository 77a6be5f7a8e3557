package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the server makes of the requests kubectl sends for a Deployment. The apply patches are
 * written out as kubectl computes them (strategicpatch.CreateThreeWayMergePatch of the
 * last-applied configuration, the new manifest and the live object): the deletions since the last
 * apply ({@code $patch: delete}, {@code null}) merged with the changes from the live object,
 * {@code $setElementOrder} for every merged list that changed, {@code $retainKeys} where a
 * retainKeys field changed, and the new last-applied configuration.
 */
class KubectlApplyScenarioTest {

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final StrategicMergePatch SMP = StrategicMergePatch.builtIn();

  /** The manifest first applied; kubectl stored it in the annotation. */
  private static final String MANIFEST_V1 =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        annotations: {}
        labels: {app: web, tier: frontend}
        name: web
        namespace: default
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: app
              image: nginx:1.25
              env: [{name: MODE, value: prod}, {name: DEBUG, value: 'false'}, {name: LEVEL, value: info}]
              ports: [{containerPort: 80}]
              volumeMounts: [{name: cache, mountPath: /cache}, {name: config, mountPath: /etc/app}]
            - name: sidecar
              image: busybox:1.36
              command: [sleep, infinity]
            volumes:
            - {name: cache, emptyDir: {}}
            - {name: config, configMap: {name: app-config}}
      """;

  /**
   * The Deployment as stored after that apply: defaults filled in, a label added by {@code kubectl
   * label owner=ops}, and a status.
   */
  private static final String LIVE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
        uid: 6f1c2a9e-0b7d-4c3e-9d1a-2b3c4d5e6f70
        resourceVersion: '1234'
        generation: 1
        creationTimestamp: '2025-06-01T10:00:00Z'
        labels: {app: web, tier: frontend, owner: ops}
        annotations: {deployment.kubernetes.io/revision: '1'}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: app
              image: nginx:1.25
              env: [{name: MODE, value: prod}, {name: DEBUG, value: 'false'}, {name: LEVEL, value: info}]
              ports: [{containerPort: 80, protocol: TCP}]
              volumeMounts: [{name: cache, mountPath: /cache}, {name: config, mountPath: /etc/app}]
              resources: {}
              terminationMessagePath: /dev/termination-log
              terminationMessagePolicy: File
              imagePullPolicy: IfNotPresent
            - name: sidecar
              image: busybox:1.36
              command: [sleep, infinity]
              resources: {}
              terminationMessagePath: /dev/termination-log
              terminationMessagePolicy: File
              imagePullPolicy: IfNotPresent
            volumes:
            - {name: cache, emptyDir: {}}
            - {name: config, configMap: {name: app-config, defaultMode: 420}}
            restartPolicy: Always
            terminationGracePeriodSeconds: 30
            dnsPolicy: ClusterFirst
            securityContext: {}
            schedulerName: default-scheduler
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}
        revisionHistoryLimit: 10
        progressDeadlineSeconds: 600
      status:
        observedGeneration: 1
        replicas: 2
        updatedReplicas: 2
        readyReplicas: 2
        availableReplicas: 2
        conditions:
        - {type: Available, status: 'True', reason: MinimumReplicasAvailable}
        - {type: Progressing, status: 'True', reason: NewReplicaSetAvailable}
      """;

  /**
   * The edited manifest: label tier removed, container sidecar replaced by metrics, env MODE
   * changed and DEBUG removed, port 443 added, volume cache and its mount removed.
   */
  private static final String MANIFEST_V2 =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        annotations: {}
        labels: {app: web}
        name: web
        namespace: default
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: app
              image: nginx:1.25
              env: [{name: MODE, value: staging}, {name: LEVEL, value: info}]
              ports: [{containerPort: 80}, {containerPort: 443}]
              volumeMounts: [{name: config, mountPath: /etc/app}]
            - name: metrics
              image: prom/exporter:1.0
              ports: [{containerPort: 9100}]
            volumes:
            - {name: config, configMap: {name: app-config}}
      """;

  /** The patch kubectl sends for MANIFEST_V2 (its last-applied annotation added by {@link #withLastApplied}). */
  private static final String APPLY_V2 =
      """
      metadata:
        labels: {tier: null}
      spec:
        template:
          spec:
            $setElementOrder/containers: [{name: app}, {name: metrics}]
            $setElementOrder/volumes: [{name: config}]
            containers:
            - $setElementOrder/env: [{name: MODE}, {name: LEVEL}]
              $setElementOrder/ports: [{containerPort: 80}, {containerPort: 443}]
              $setElementOrder/volumeMounts: [{mountPath: /etc/app}]
              env: [{name: MODE, value: staging}, {$patch: delete, name: DEBUG}]
              name: app
              ports: [{containerPort: 443}]
              volumeMounts: [{$patch: delete, mountPath: /cache}]
            - image: prom/exporter:1.0
              name: metrics
              ports: [{containerPort: 9100}]
            - {$patch: delete, name: sidecar}
            volumes: [{$patch: delete, name: cache}]
      """;

  @Test
  void applyOfAnEditedManifest() {
    JsonNode live = live(LIVE, MANIFEST_V1);
    JsonNode before = live.deepCopy();

    JsonNode result = SMP.apply(Deployment.class, live, Json.bytes(withLastApplied(APPLY_V2, MANIFEST_V2)));

    assertThat(live).as("the stored object is not changed").isEqualTo(before);
    assertThat(result.at("/metadata/labels")).isEqualTo(yaml("{app: web, owner: ops}"));
    assertThat(result.at("/metadata/annotations"))
        .isEqualTo(
            Json.mapper()
                .createObjectNode()
                .put("deployment.kubernetes.io/revision", "1")
                .put(LAST_APPLIED, lastApplied(MANIFEST_V2)));
    JsonNode pod = result.at("/spec/template/spec");
    assertThat(names(pod.get("containers"), "name")).containsExactly("app", "metrics");
    JsonNode app = pod.at("/containers/0");
    assertThat(app.get("env")).isEqualTo(yaml("[{name: MODE, value: staging}, {name: LEVEL, value: info}]"));
    assertThat(app.get("ports")).isEqualTo(yaml("[{containerPort: 80, protocol: TCP}, {containerPort: 443}]"));
    assertThat(app.get("volumeMounts")).isEqualTo(yaml("[{name: config, mountPath: /etc/app}]"));
    assertThat(app.get("image").asText()).isEqualTo("nginx:1.25");
    assertThat(app.get("imagePullPolicy").asText()).as("defaults survive").isEqualTo("IfNotPresent");
    assertThat(app.get("terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
    assertThat(pod.at("/containers/1")).isEqualTo(yaml("{image: 'prom/exporter:1.0', name: metrics, ports: [{containerPort: 9100}]}"));
    assertThat(pod.get("volumes")).isEqualTo(yaml("[{name: config, configMap: {name: app-config, defaultMode: 420}}]"));
    assertThat(pod.get("dnsPolicy").asText()).isEqualTo("ClusterFirst");
    assertThat(result.at("/spec/strategy")).isEqualTo(before.at("/spec/strategy"));
    assertThat(result.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(result.get("status")).isEqualTo(before.get("status"));
  }

  /**
   * A container the server added (an injected proxy) keeps its place when an apply removes one
   * container and adds another: upstream orders it against the live list as its in-place merge
   * left it.
   */
  @Test
  void applyAroundAnInjectedContainer() {
    String manifestV1 = MANIFEST_V1.replace("volumeMounts: [{name: cache, mountPath: /cache}, {name: config, mountPath: /etc/app}]", "");
    ObjectNode live = (ObjectNode) live(LIVE, manifestV1);
    var containers = (com.fasterxml.jackson.databind.node.ArrayNode) live.at("/spec/template/spec/containers");
    containers.insert(1, yaml("{name: istio-proxy, image: 'proxyv2:1.22', args: [proxy, sidecar]}"));
    String manifestV2 =
        manifestV1
            .replace("- name: sidecar\n", "- name: metrics\n")
            .replace("image: busybox:1.36\n", "image: prom/exporter:1.0\n")
            .replace("        command: [sleep, infinity]\n", "");
    String patch =
        """
        spec:
          template:
            spec:
              $setElementOrder/containers: [{name: app}, {name: metrics}]
              containers:
              - {image: 'prom/exporter:1.0', name: metrics}
              - {$patch: delete, name: sidecar}
        """;

    JsonNode result = SMP.apply(Deployment.class, live, Json.bytes(withLastApplied(patch, manifestV2)));

    assertThat(names(result.at("/spec/template/spec/containers"), "name")).containsExactly("app", "istio-proxy", "metrics");
    assertThat(result.at("/spec/template/spec/containers/1/args")).isEqualTo(yaml("[proxy, sidecar]"));
    assertThat(result.at("/spec/template/spec/containers/2")).isEqualTo(yaml("{image: 'prom/exporter:1.0', name: metrics}"));
  }

  /**
   * Switching the strategy to Recreate: the manifest names only the type, so kubectl lists the
   * keys to keep and the server drops the defaulted rollingUpdate.
   */
  @Test
  void applyOfARecreateStrategy() {
    JsonNode live = live(LIVE, MANIFEST_V1);
    String manifestV2 = MANIFEST_V1.replace("  replicas: 2\n", "  replicas: 2\n  strategy: {type: Recreate}\n");
    String patch = "spec: {strategy: {$retainKeys: [type], type: Recreate}}";

    JsonNode result = SMP.apply(Deployment.class, live, Json.bytes(withLastApplied(patch, manifestV2)));

    assertThat(result.at("/spec/strategy")).isEqualTo(yaml("{type: Recreate}"));
    assertThat(result.at("/spec/template")).isEqualTo(live.at("/spec/template"));
  }

  /**
   * Moving a volume from a ConfigMap to a Secret: the deletion half of the patch nulls configMap,
   * the change half adds secret, and both carry the same {@code $retainKeys}.
   */
  @Test
  void applyOfAVolumeWithANewSource() {
    JsonNode live = live(LIVE, MANIFEST_V1);
    String manifestV2 = MANIFEST_V1.replace("configMap: {name: app-config}", "secret: {secretName: app-secret}");
    String patch =
        """
        spec:
          template:
            spec:
              $setElementOrder/volumes: [{name: cache}, {name: config}]
              volumes:
              - $retainKeys: [name, secret]
                configMap: null
                name: config
                secret: {secretName: app-secret}
        """;

    JsonNode result = SMP.apply(Deployment.class, live, Json.bytes(withLastApplied(patch, manifestV2)));

    assertThat(result.at("/spec/template/spec/volumes"))
        .isEqualTo(yaml("[{name: cache, emptyDir: {}}, {name: config, secret: {secretName: app-secret}}]"));
  }

  /** kubectl rollout undo: replaces the template by the old ReplicaSet's and the annotations. */
  @Test
  void rolloutUndo() {
    JsonNode live = live(LIVE.replace("image: nginx:1.25", "image: nginx:1.26").replace("revision: '1'", "revision: '2'"), MANIFEST_V1);
    String lastApplied = live.at("/metadata/annotations").get(LAST_APPLIED).asText();
    String oldTemplate =
        """
        {"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
         "spec":{"containers":[{"image":"nginx:1.25","imagePullPolicy":"IfNotPresent","name":"app","resources":{},
         "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
         "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},
         "terminationGracePeriodSeconds":30}}""";
    ObjectNode annotations =
        Json.mapper()
            .createObjectNode()
            .put("deployment.kubernetes.io/revision", "2")
            .put("kubernetes.io/change-cause", "kubectl apply --filename=web.yaml")
            .put(LAST_APPLIED, lastApplied);
    String patch =
        "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
            + oldTemplate
            + "},{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":"
            + annotations
            + "}]";

    JsonNode result = JsonPatch.apply(live, Trees.bytes(patch));

    assertThat(result.at("/spec/template")).isEqualTo(Trees.json(oldTemplate));
    assertThat(result.at("/metadata/annotations")).isEqualTo(annotations);
    assertThat(result.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(result.get("status")).isEqualTo(live.get("status"));
  }

  /** kubectl scale and kubectl label send JSON merge patches. */
  @Test
  void scaleAndLabel() {
    JsonNode live = live(LIVE, MANIFEST_V1);

    JsonNode scaled = MergePatch.apply(live, Trees.bytes("{\"spec\":{\"replicas\":5}}"));
    JsonNode labelled = MergePatch.apply(scaled, Trees.bytes("{\"metadata\":{\"labels\":{\"env\":\"prod\",\"owner\":null}}}"));

    assertThat(labelled.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(labelled.at("/metadata/labels")).isEqualTo(yaml("{app: web, tier: frontend, env: prod}"));
    assertThat(labelled.at("/spec/template")).isEqualTo(live.at("/spec/template"));
  }

  /** The stored object with the last-applied annotation kubectl wrote for {@code manifest}. */
  private static JsonNode live(String object, String manifest) {
    ObjectNode live = (ObjectNode) yaml(object);
    ((ObjectNode) live.at("/metadata/annotations")).put(LAST_APPLIED, lastApplied(manifest));
    return live;
  }

  /** A patch with the new last-applied annotation that every kubectl apply patch carries. */
  private static JsonNode withLastApplied(String patch, String manifest) {
    ObjectNode p = (ObjectNode) yaml(patch);
    p.withObjectProperty("metadata").withObjectProperty("annotations").put(LAST_APPLIED, lastApplied(manifest));
    return p;
  }

  /** The manifest as kubectl serialises it into the annotation: compact JSON, keys sorted. */
  private static String lastApplied(String manifest) {
    return Json.mapper().convertValue(sorted(yaml(manifest)), JsonNode.class).toString();
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      n.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = Json.mapper().createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (n.isArray()) {
      var out = Json.mapper().createArrayNode();
      n.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return n;
  }

  private static List<String> names(JsonNode list, String key) {
    List<String> out = new ArrayList<>();
    list.forEach(e -> out.add(e.get(key).asText()));
    return out;
  }
}
