package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.discovery.EntityTags;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI documents of the server, computed once and kept as bytes with their hashes:
 *
 * <ul>
 *   <li>Swagger 2.0 of the whole API, as JSON and as gnostic protobuf ({@code /openapi/v2});
 *   <li>OpenAPI 3.0 per group version ({@code /openapi/v3/api/v1}, {@code
 *       /openapi/v3/apis/<group>/<version>}), each with the definitions its paths reach;
 *   <li>the v3 root ({@code /openapi/v3}), which lists each group version's document under its
 *       path with a {@code hash} query parameter, so that clients can cache documents forever and
 *       still notice a change.
 * </ul>
 *
 * Hashes are kube-openapi's: upper-case hex SHA-512 of the JSON bytes; the v2 protobuf shares the
 * hash of the v2 JSON. Immutable and thread-safe.
 */
public final class OpenApiDocuments {

  /**
   * A serialised document.
   *
   * @param bytes the document, shared and never to be modified
   * @param hash upper-case hex SHA-512 of the JSON document
   */
  public record Document(byte[] bytes, String hash) {
    static Document of(byte[] bytes) {
      return new Document(bytes, EntityTags.sha512Hex(bytes));
    }
  }

  private final ModelSchemas schemas;
  private final Document swagger;
  private final byte[] swaggerProtobuf;
  private final Map<String, Document> v3;
  private final Document v3Root;

  private OpenApiDocuments(
      ModelSchemas schemas, Document swagger, byte[] swaggerProtobuf, Map<String, Document> v3, Document v3Root) {
    this.schemas = schemas;
    this.swagger = swagger;
    this.swaggerProtobuf = swaggerProtobuf;
    this.v3 = v3;
    this.v3Root = v3Root;
  }

  /** Derives every document from the catalog; takes a moment, so do it once at start-up. */
  public static OpenApiDocuments build(ResourceCatalog catalog, OpenApiOptions options) {
    ModelSchemas schemas = ModelSchemas.of(catalog, options.patchHints());
    OperationPlanner planner = new OperationPlanner(schemas, options.fieldValidation());
    List<PathItem> allPaths = new ArrayList<>();
    Map<String, Document> v3 = new LinkedHashMap<>();
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode rootPaths = root.putObject("paths");
    for (GroupVersion gv : catalog.groupVersions()) {
      List<PathItem> paths = planner.plan(catalog, gv);
      allPaths.addAll(paths);
      Map<String, Definition> reached = schemas.closure(referenced(paths));
      Document doc = Document.of(Json.bytes(OpenApiV3Writer.document(options.version(), paths, reached.values())));
      String key = gv.path().substring(1);
      v3.put(key, doc);
      rootPaths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + doc.hash());
    }
    ObjectNode swaggerTree = SwaggerV2Writer.document(options.version(), allPaths, schemas.all().values());
    Document swagger = Document.of(Json.bytes(swaggerTree));
    return new OpenApiDocuments(
        schemas, swagger, SwaggerProtobuf.encode(swaggerTree), Collections.unmodifiableMap(v3), Document.of(Json.bytes(root)));
  }

  /** The definitions the documents are made of. */
  public ModelSchemas schemas() {
    return schemas;
  }

  /** {@code /openapi/v2} as JSON. */
  public Document swaggerJson() {
    return swagger;
  }

  /** {@code /openapi/v2} as gnostic protobuf; its ETag is {@link #swaggerJson()}'s hash. */
  public byte[] swaggerProtobuf() {
    return swaggerProtobuf;
  }

  /** {@code /openapi/v3}. */
  public Document v3Root() {
    return v3Root;
  }

  /** The v3 document of a group version by its root key, e.g. {@code api/v1} or {@code apis/apps/v1}. */
  public Optional<Document> v3(String key) {
    return Optional.ofNullable(v3.get(key));
  }

  /** The root keys of the v3 documents, e.g. {@code api/v1}, {@code apis/apps/v1}. */
  public Set<String> v3Keys() {
    return v3.keySet();
  }

  private static Set<String> referenced(List<PathItem> paths) {
    Set<String> out = new LinkedHashSet<>();
    for (PathItem item : paths) {
      for (PathItem.Operation op : item.operations()) {
        if (op.body() != null) {
          ModelSchemas.references(op.body().schema(), out);
        }
        for (PathItem.Response r : op.responses()) {
          if (r.schema() != null) {
            ModelSchemas.references(r.schema(), out);
          }
        }
      }
    }
    return out;
  }
}
