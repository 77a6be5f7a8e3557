package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.openapi.Definition.Form;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of an object that its schema does not declare, for {@code
 * fieldValidation=Strict} (reject) and {@code Warn} (warn). The fabric8 model cannot tell: it
 * keeps unknown fields in {@code additionalProperties} without a word.
 *
 * <p>Paths are written as kube-apiserver's strict decoder writes them, dot-separated with array
 * indexes in brackets, e.g. {@code spec.template.spec.containers[0].foo}; its error message is
 * {@code strict decoding error: unknown field "spec.foo"}. Values the schema leaves open (embedded
 * objects, FieldsV1) are not looked into. Immutable and thread-safe.
 */
public final class UnknownFields {

  private final ModelSchemas schemas;

  public UnknownFields(ModelSchemas schemas) {
    this.schemas = schemas;
  }

  /**
   * The paths of the undeclared fields of an object of this kind, in document order; empty when
   * there are none or the kind has no schema.
   */
  public List<String> find(GroupVersionKind kind, JsonNode object) {
    List<String> out = new ArrayList<>();
    schemas.nameOf(kind).ifPresent(name -> walk(new Ref(name), object, "", out));
    return out;
  }

  private void walk(Shape shape, JsonNode value, String path, List<String> out) {
    switch (shape) {
      case Ref r when value.isObject() -> {
        Definition d = schemas.get(r.definition()).orElseThrow();
        if (d.form() != Form.OBJECT) {
          return;
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
          d.property(field.getKey())
              .ifPresentOrElse(p -> walk(p.shape(), field.getValue(), fieldPath, out), () -> out.add(fieldPath));
        }
      }
      case ArrayOf a when value.isArray() -> {
        for (int i = 0; i < value.size(); i++) {
          walk(a.items(), value.get(i), path + "[" + i + "]", out);
        }
      }
      case MapOf m when value.isObject() -> {
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
          walk(m.values(), entry.getValue(), path + "." + entry.getKey(), out);
        }
      }
      default -> {
        // A scalar, an open value, or a value of the wrong type: type errors are not this check's.
      }
    }
  }
}
