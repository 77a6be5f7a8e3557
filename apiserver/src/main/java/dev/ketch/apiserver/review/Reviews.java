package dev.ketch.apiserver.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.UserInfo;
import dev.ketch.apiserver.resource.ResourceType;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The review resources, answered from the request as kube-apiserver answers them and never
 * stored: SelfSubjectReview (who the request's user is: {@code kubectl auth whoami}),
 * SelfSubjectAccessReview and SelfSubjectRulesReview (what the user may do: {@code kubectl auth
 * can-i [--list]}), SubjectAccessReview and LocalSubjectAccessReview (what another user may do).
 * Decisions come from an {@link Authorizer}. Thread-safe.
 */
public final class Reviews {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Authorizer authorizer;
  private final InstantSource clock;

  public Reviews(Authorizer authorizer, InstantSource clock) {
    this.authorizer = authorizer;
    this.clock = clock;
  }

  /**
   * The answer to a review.
   *
   * @param type the review resource
   * @param review the request body (its type meta checked)
   * @param user who asks
   * @param namespace the namespace of the URL, for namespaced reviews
   * @throws StatusException 422 for a review that is invalid as upstream validates it, 400 for
   *     the ones upstream refuses as bad requests
   */
  public ObjectNode answer(ResourceType type, ObjectNode review, UserInfo user, String namespace) {
    return switch (type.kind()) {
      case "SelfSubjectReview" -> selfSubjectReview(type, user);
      case "SelfSubjectAccessReview" -> accessReview(type, review, user, false, "");
      case "SubjectAccessReview" -> accessReview(type, review, subject(review.path("spec")), true, "");
      case "LocalSubjectAccessReview" -> accessReview(type, review, subject(review.path("spec")), true, namespace);
      case "SelfSubjectRulesReview" -> rulesReview(type, review, user);
      default -> throw new IllegalArgumentException("not a review: " + type);
    };
  }

  private ObjectNode head(ResourceType type) {
    ObjectNode out = NODES.objectNode();
    out.put("kind", type.kind());
    out.put("apiVersion", type.apiVersion());
    return out;
  }

  /** Who the request's user is; {@code metadata.creationTimestamp} is now, as upstream. */
  private ObjectNode selfSubjectReview(ResourceType type, UserInfo user) {
    ObjectNode out = head(type);
    out.putObject("metadata").put("creationTimestamp",
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    ObjectNode info = out.putObject("status").putObject("userInfo");
    info.put("username", user.name());
    if (!user.uid().isEmpty()) {
      info.put("uid", user.uid());
    }
    ArrayNode groups = info.putArray("groups");
    user.groups().forEach(groups::add);
    return out;
  }

  private static UserInfo subject(JsonNode spec) {
    List<String> groups = new ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asText()));
    return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups, UserInfo.Method.BEARER_TOKEN);
  }

  private ObjectNode accessReview(ResourceType type, ObjectNode review, UserInfo user, boolean namesSubject, String namespace) {
    JsonNode spec = review.path("spec");
    JsonNode resource = present(spec.get("resourceAttributes"));
    JsonNode nonResource = present(spec.get("nonResourceAttributes"));
    List<Cause> errs = new ArrayList<>();
    if (resource != null && nonResource != null) {
      errs.add(Cause.invalid("spec.nonResourceAttributes", nonResource.toString(), "cannot be specified in combination with resourceAttributes"));
    }
    if (resource == null && nonResource == null) {
      errs.add(new Cause("FieldValueInvalid",
          "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes"));
    }
    if (namesSubject && spec.path("user").asText("").isEmpty() && spec.path("groups").isEmpty()) {
      errs.add(new Cause("FieldValueInvalid", "Invalid value: \"\": at least one of user or group must be specified", "spec.user"));
    }
    if (!namesSubject) {
      checkEmptyMetadata(review, errs);
    }
    if (type.namespaced() && nonResource != null) {
      errs.add(Cause.invalid("spec.nonResourceAttributes", nonResource.toString(), "disallowed on this kind of request"));
    }
    if (!errs.isEmpty()) {
      throw StatusException.invalid(type, "", errs);
    }
    if (type.namespaced() && !namespace.equals(resource.path("namespace").asText(""))) {
      throw StatusException.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
    }
    RequestAttributes attributes = resource != null
        ? new RequestAttributes(true, text(resource, "verb"), text(resource, "namespace"), text(resource, "group"),
            text(resource, "version"), text(resource, "resource"), text(resource, "subresource"), text(resource, "name"), "")
        : new RequestAttributes(false, text(nonResource, "verb"), "", "", "", "", "", "", text(nonResource, "path"));
    Authorizer.Decision decision = authorizer.authorize(user, attributes);
    ObjectNode out = head(type);
    out.set("metadata", metadataOf(review));
    out.set("spec", spec.isObject() ? spec.deepCopy() : NODES.objectNode());
    ObjectNode status = out.putObject("status");
    status.put("allowed", decision.allowed());
    if (decision.denied()) {
      status.put("denied", true);
    }
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
    return out;
  }

  private ObjectNode rulesReview(ResourceType type, ObjectNode review, UserInfo user) {
    List<Cause> errs = new ArrayList<>();
    checkEmptyMetadata(review, errs);
    if (!errs.isEmpty()) {
      throw StatusException.invalid(type, "", errs);
    }
    String namespace = review.path("spec").path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw StatusException.badRequest("no namespace on request");
    }
    Authorizer.Rules rules = authorizer.rulesFor(user, namespace);
    ObjectNode out = head(type);
    out.putObject("metadata");
    out.putObject("spec");
    ObjectNode status = out.putObject("status");
    ArrayNode resourceRules = status.putArray("resourceRules");
    for (Authorizer.ResourceRule r : rules.resourceRules()) {
      ObjectNode o = resourceRules.addObject();
      strings(o, "verbs", r.verbs());
      strings(o, "apiGroups", r.apiGroups());
      strings(o, "resources", r.resources());
      strings(o, "resourceNames", r.resourceNames());
    }
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    for (Authorizer.NonResourceRule r : rules.nonResourceRules()) {
      ObjectNode o = nonResourceRules.addObject();
      strings(o, "verbs", r.verbs());
      strings(o, "nonResourceURLs", r.nonResourceURLs());
    }
    status.put("incomplete", rules.incomplete());
    return out;
  }

  /** Self reviews are about the request only: their metadata must be empty (managed fields aside). */
  private static void checkEmptyMetadata(ObjectNode review, List<Cause> errs) {
    JsonNode meta = review.get("metadata");
    if (meta == null || !meta.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : meta.properties()) {
      if (!e.getKey().equals("managedFields") && present(e.getValue()) != null && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
        errs.add(new Cause("FieldValueInvalid", "Invalid value: " + meta + ": must be empty", "metadata"));
        return;
      }
    }
  }

  private static ObjectNode metadataOf(ObjectNode review) {
    JsonNode meta = review.get("metadata");
    return meta instanceof ObjectNode o ? o.deepCopy() : NODES.objectNode();
  }

  private static JsonNode present(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).asText("");
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
  }
}
