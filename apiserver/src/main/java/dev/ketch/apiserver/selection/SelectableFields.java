package dev.ketch.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a resource lets clients select on with {@code fieldSelector}, in upstream's two layers:
 * the labels a request may name (upstream's per-kind field label conversion, which also renames
 * aliases such as {@code spec.host} to {@code spec.nodeName}), and the values an object has for
 * them (upstream's per-kind {@code ToSelectableFields}). The two differ on purpose, as upstream's
 * do: pods accept {@code status.podIPs} but no object has a value for it, so {@code
 * status.podIPs=x} matches nothing. Immutable and thread-safe.
 *
 * <p>A watch cache indexes objects by {@link #extract} once per object version and answers
 * selectors against those maps; {@link #fieldNames} says which keys the maps carry.
 */
public final class SelectableFields {

  private final Map<String, String> accepted;
  private final Map<String, Function<JsonNode, String>> extractors;
  private final UnaryOperator<String> rejection;

  SelectableFields(
      Map<String, String> accepted, Map<String, Function<JsonNode, String>> extractors, UnaryOperator<String> rejection) {
    this.accepted = Collections.unmodifiableMap(new LinkedHashMap<>(accepted));
    this.extractors = Collections.unmodifiableMap(new LinkedHashMap<>(extractors));
    this.rejection = rejection;
  }

  /** The fields of a served resource; resources without their own list get the metadata ones. */
  public static SelectableFields forResource(ResourceType type) {
    return BuiltInSelectableFields.forResource(type);
  }

  /** The field labels a request may use, aliases included, e.g. {@code spec.nodeName}. */
  public Set<String> acceptedLabels() {
    return accepted.keySet();
  }

  /** The keys of the maps {@link #extract} returns: the labels after conversion. */
  public Set<String> fieldNames() {
    return extractors.keySet();
  }

  /**
   * The label a request's label stands for after conversion: itself, or its canonical name for an
   * alias.
   *
   * @throws StatusException 400 BadRequest with upstream's wording for this kind, e.g. {@code
   *     field label not supported: status.hostIP} or {@code "spec.replicas" is not a known field
   *     selector: only "metadata.name", "metadata.namespace"}
   */
  public String canonicalLabel(String label) {
    String canonical = accepted.get(label);
    if (canonical == null) {
      throw StatusException.badRequest(rejection.apply(label));
    }
    return canonical;
  }

  /**
   * Parses a {@code fieldSelector} for this resource: the syntax first, then every term's label
   * through {@link #canonicalLabel}, as kube-apiserver does on list, watch and deletecollection.
   *
   * @throws StatusException 400 BadRequest for bad syntax or an unsupported label
   */
  public FieldSelector parse(String text) {
    FieldSelector syntax = FieldSelector.parse(text);
    List<FieldRequirement> converted = new ArrayList<>(syntax.requirements().size());
    for (FieldRequirement r : syntax.requirements()) {
      converted.add(r.withField(canonicalLabel(r.field())));
    }
    return FieldSelector.of(converted);
  }

  /**
   * The selectable field values of an object in its stored JSON form, keyed by {@link
   * #fieldNames}; absent values read as upstream's zero values ({@code ""}, {@code false}, {@code
   * 0}). The map is immutable and iterates in {@link #fieldNames} order.
   */
  public Map<String, String> extract(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    extractors.forEach((name, extractor) -> out.put(name, extractor.apply(object)));
    return Collections.unmodifiableMap(out);
  }

  /** {@link #extract(JsonNode)} for a typed object. */
  public Map<String, String> extract(HasMetadata object) {
    return extract(Json.toTree(object));
  }

  /** Whether an object in its stored JSON form is selected by a selector parsed for this resource. */
  public boolean matches(FieldSelector selector, JsonNode object) {
    return selector.isEverything() || selector.matches(extract(object));
  }

  /** Builds the two layers of one kind; used by {@link BuiltInSelectableFields}. */
  static final class Builder {
    private final Map<String, String> accepted = new LinkedHashMap<>();
    private final Map<String, Function<JsonNode, String>> extractors = new LinkedHashMap<>();
    private UnaryOperator<String> rejection = label -> "field label not supported: " + label;

    /** A label that is accepted and extracted under the same name. */
    Builder field(String label, Function<JsonNode, String> extractor) {
      accepted.put(label, label);
      extractors.put(label, extractor);
      return this;
    }

    /** A canonical field that requests name by another label. */
    Builder alias(String label, String canonical) {
      accepted.put(label, canonical);
      return this;
    }

    /** A canonical field whose value is extracted, without making its name acceptable. */
    Builder extracted(String canonical, Function<JsonNode, String> extractor) {
      extractors.put(canonical, extractor);
      return this;
    }

    /** A label that is accepted but has no value in any object. */
    Builder acceptedOnly(String label) {
      accepted.put(label, label);
      return this;
    }

    Builder rejection(UnaryOperator<String> message) {
      this.rejection = message;
      return this;
    }

    SelectableFields build() {
      return new SelectableFields(accepted, extractors, rejection);
    }
  }
}
