package dev.ketch.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ControllerRevisions, the history of StatefulSets and DaemonSets (upstream's pkg/controller/history):
 * each holds, as {@code data}, the strategic merge patch that restores one pod template ({@code
 * {"spec":{"template":{…,"$patch":"replace"}}}}, keys sorted as kubectl writes it, so that
 * {@code kubectl rollout undo} can apply it and recognise the current one), a {@code revision}
 * number, and a name {@code <parent>-<hash>} from a hash of the data and the parent's collision
 * count.
 */
public final class Revisions {

  /** The label holding a revision's hash. */
  public static final String HASH_LABEL = "controller.kubernetes.io/hash";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  /** Oldest first: by revision number, then creation time, then name (SortControllerRevisions). */
  public static final Comparator<ControllerRevision> BY_REVISION = Comparator
      .comparingLong((ControllerRevision r) -> r.getRevision() == null ? 0 : r.getRevision())
      .thenComparing(r -> Objects.requireNonNullElse(Timestamps.parse(r.getMetadata().getCreationTimestamp()), Instant.EPOCH))
      .thenComparing(r -> r.getMetadata().getName());

  private Revisions() {}

  /** The revision data that restores {@code template}. */
  public static Map<String, Object> templatePatch(PodTemplateSpec template) {
    @SuppressWarnings("unchecked")
    Map<String, Object> t = SERIALIZATION.convertValue(template, LinkedHashMap.class);
    t.put("$patch", "replace");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("template", t);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("spec", spec);
    return canonical(data);
  }

  /** The pod template a revision restores, or null if its data holds none. */
  public static PodTemplateSpec template(ControllerRevision revision) {
    JsonNode data = SORTED.valueToTree(revision.getData());
    JsonNode template = data == null ? null : data.path("spec").path("template");
    if (template == null || !template.isObject()) {
      return null;
    }
    ObjectNode copy = ((ObjectNode) template).deepCopy();
    copy.remove("$patch");
    return SERIALIZATION.convertValue(copy, PodTemplateSpec.class);
  }

  /** {@code data} with map keys sorted recursively, as Go's json.Marshal writes a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> canonical(Map<String, Object> data) {
    try {
      return SORTED.readValue(json(data), LinkedHashMap.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compact JSON with keys sorted. */
  static String json(Object data) {
    try {
      JsonNode tree = SORTED.valueToTree(data);
      return SORTED.writeValueAsString(SORTED.treeToValue(tree, Object.class));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The hash of a revision's data and a collision count: FNV-32a, written with the safe alphabet
   * of apimachinery's rand.SafeEncodeString (no vowels, no look-alike characters).
   */
  public static String hash(Object data, Integer collisionCount) {
    int h = 0x811c9dc5;
    for (byte b : json(data).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    if (collisionCount != null) {
      int c = collisionCount;
      for (int i = 0; i < 4; i++) {
        h ^= (c >>> (8 * i)) & 0xff;
        h *= 0x01000193;
      }
    }
    return safeEncode(Long.toString(Integer.toUnsignedLong(h)));
  }

  /** Each character replaced by one of "bcdfghjklmnpqrstvwxz2456789". */
  public static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  /** {@code <parent>-<hash>}, the parent's name cut to 223 characters. */
  public static String name(String parent, String hash) {
    String prefix = parent.length() > 223 ? parent.substring(0, 223) : parent;
    return prefix + "-" + hash;
  }

  /** Whether two revisions restore the same template (same data; same hash label when both have one). */
  public static boolean equal(ControllerRevision a, ControllerRevision b) {
    String ha = a.getMetadata().getLabels() == null ? null : a.getMetadata().getLabels().get(HASH_LABEL);
    String hb = b.getMetadata().getLabels() == null ? null : b.getMetadata().getLabels().get(HASH_LABEL);
    if (ha != null && hb != null && !ha.equals(hb)) {
      return false;
    }
    return json(a.getData()).equals(json(b.getData()));
  }

  /** Whether a revision's data is exactly {@code data}. */
  public static boolean hasData(ControllerRevision revision, Object data) {
    return json(revision.getData()).equals(json(data));
  }

  /** The revisions of {@code revisions} equal to {@code wanted}, oldest first. */
  public static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision wanted) {
    List<ControllerRevision> equal = new ArrayList<>();
    for (ControllerRevision r : revisions) {
      if (equal(r, wanted)) {
        equal.add(r);
      }
    }
    equal.sort(BY_REVISION);
    return equal;
  }

  /** One more than the highest revision number, or 1. */
  public static long next(List<ControllerRevision> revisions) {
    long max = 0;
    for (ControllerRevision r : revisions) {
      max = Math.max(max, r.getRevision() == null ? 0 : r.getRevision());
    }
    return max + 1;
  }

  /**
   * A new, unnamed-until-created revision of {@code parent} (NewControllerRevision): labelled with
   * {@code labels} and its hash, controlled by the parent, named from the hash.
   */
  public static ControllerRevision newRevision(HasMetadata parent, String apiVersion, String kind, Map<String, String> labels,
      Map<String, Object> data, long revision, Integer collisionCount) {
    ControllerRevision cr = new ControllerRevision();
    cr.setApiVersion("apps/v1");
    cr.setKind("ControllerRevision");
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(parent.getMetadata().getNamespace());
    meta.setLabels(labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels));
    meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(parent, apiVersion, kind))));
    cr.setMetadata(meta);
    cr.setData(data);
    cr.setRevision(revision);
    String hash = hash(data, collisionCount);
    meta.setName(name(parent.getMetadata().getName(), hash));
    meta.getLabels().put(HASH_LABEL, hash);
    return cr;
  }

  /** The result of {@link #create}: the revision, and the collision count it took. */
  public record Created(ControllerRevision revision, int collisionCount) {}

  /**
   * Creates {@code revision} (CreateControllerRevision): if its name is taken by a revision with the
   * same data, that one is it; if by another, the collision count goes up and the name changes.
   */
  public static Created create(ResourceClient<ControllerRevision> client, HasMetadata parent, ControllerRevision revision,
      int collisionCount) {
    int count = collisionCount;
    for (int attempt = 0; attempt < 100; attempt++) {
      ControllerRevision attemptRevision = SERIALIZATION.clone(revision);
      String hash = hash(revision.getData(), count);
      attemptRevision.getMetadata().setName(name(parent.getMetadata().getName(), hash));
      attemptRevision.getMetadata().getLabels().put(HASH_LABEL, hash);
      try {
        return new Created(client.create(attemptRevision), count);
      } catch (KubernetesClientException e) {
        if (!ApiErrors.isConflict(e)) {
          throw e;
        }
        ControllerRevision existing = client.get(attemptRevision.getMetadata().getNamespace(), attemptRevision.getMetadata().getName());
        if (existing == null) {
          continue;
        }
        if (hasData(existing, revision.getData())) {
          return new Created(existing, count);
        }
        count++;
      }
    }
    throw new IllegalStateException("no free revision name for " + parent.getMetadata().getName());
  }
}
