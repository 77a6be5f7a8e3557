package dev.ketch.apiserver.openapi;

import dev.ketch.apiserver.discovery.AcceptHeader;
import dev.ketch.apiserver.discovery.EntityTags;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.OpenApiDocuments.Document;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code GET} on {@code /openapi/v2}, {@code /openapi/v3} and {@code
 * /openapi/v3/<group-version path>} with the documents computed at start-up, with kube-openapi's
 * negotiation and caching:
 *
 * <ul>
 *   <li>{@code /openapi/v2}: protobuf when the Accept header asks for {@code
 *       application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (or its newer spelling
 *       {@code …spec.v2.v1.0+protobuf}), JSON for {@code application/json}, {@code *}{@code /*}
 *       or no header, 406 otherwise;
 *   <li>{@code /openapi/v3}: the JSON root;
 *   <li>{@code /openapi/v3/…}: JSON; with a {@code hash} query parameter equal to the document's
 *       hash the answer is cacheable forever ({@code Cache-Control: public, immutable} and an
 *       {@code Expires} a year ahead), with a stale hash it is a 301 to the current URL; an unknown
 *       group version is a 404 Status.
 * </ul>
 *
 * Every document carries an ETag (the quoted hash), and a matching If-None-Match yields 304.
 * Immutable and thread-safe.
 */
public final class OpenApiEndpoint {

  static final String PROTOBUF_V2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  static final String PROTOBUF_V2_NEW = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String V3_PREFIX = "/openapi/v3/";

  private final java.util.concurrent.CompletableFuture<OpenApiDocuments> documents;
  private final Clock clock;
  private final String lastModified;

  /**
   * @param documents the documents to serve
   * @param clock the time source of Last-Modified (read once, now) and Expires
   */
  public OpenApiEndpoint(OpenApiDocuments documents, Clock clock) {
    this(java.util.concurrent.CompletableFuture.completedFuture(documents), clock);
  }

  /**
   * With documents still being built (they take a while and most clients never ask for them):
   * requests for them wait until they are ready.
   */
  public OpenApiEndpoint(java.util.concurrent.CompletableFuture<OpenApiDocuments> documents, Clock clock) {
    this.documents = documents;
    this.clock = clock;
    this.lastModified = httpDate(clock.instant());
  }

  private OpenApiDocuments docs() {
    return documents.join();
  }

  /**
   * The answer to {@code GET path?rawQuery}, or empty when the path is not an OpenAPI path.
   *
   * @param path the request path, without query
   * @param rawQuery the raw query string, or null
   * @param accept the Accept header, or null
   * @param ifNoneMatch the If-None-Match header, or null
   */
  public Optional<OpenApiResponse> serve(String path, String rawQuery, String accept, String ifNoneMatch) {
    if (path.equals("/openapi/v2")) {
      return Optional.of(swagger(accept, ifNoneMatch));
    }
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      Document root = docs().v3Root();
      return Optional.of(document(root, JSON, ifNoneMatch, Map.of()));
    }
    if (path.startsWith(V3_PREFIX)) {
      return Optional.of(groupVersion(path.substring(V3_PREFIX.length()), query(rawQuery, "hash"), accept, ifNoneMatch));
    }
    return Optional.empty();
  }

  private OpenApiResponse swagger(String accept, String ifNoneMatch) {
    Optional<String> type = AcceptHeader.parse(accept).firstAdmitted(List.of(JSON, PROTOBUF_V2, PROTOBUF_V2_NEW));
    if (type.isEmpty()) {
      return notAcceptable();
    }
    Document json = docs().swaggerJson();
    Map<String, String> vary = Map.of("Vary", "Accept");
    if (type.get().equals(JSON)) {
      return document(json, JSON, ifNoneMatch, vary);
    }
    // The protobuf shares the JSON's hash, as upstream's does; the newer media type name is sent back.
    return document(new Document(docs().swaggerProtobuf(), json.hash()), PROTOBUF_V2_NEW, ifNoneMatch, vary);
  }

  private OpenApiResponse groupVersion(String key, String hash, String accept, String ifNoneMatch) {
    Optional<Document> doc = docs().v3(key);
    if (doc.isEmpty()) {
      byte[] body = Json.bytes(StatusException.notFound("the server could not find the requested resource").toStatus());
      return new OpenApiResponse(404, Map.of("Content-Type", JSON), body);
    }
    if (AcceptHeader.parse(accept).firstAdmitted(List.of(JSON)).isEmpty()) {
      return notAcceptable();
    }
    Document d = doc.get();
    if (hash == null || hash.isEmpty()) {
      return document(d, JSON, ifNoneMatch, Map.of("Vary", "Accept"));
    }
    if (!hash.equals(d.hash())) {
      String location = V3_PREFIX + key + "?hash=" + d.hash();
      return new OpenApiResponse(301, Map.of("Location", location, "Vary", "Accept", "Content-Type", TEXT), new byte[0]);
    }
    Map<String, String> immutable = new LinkedHashMap<>();
    immutable.put("Vary", "Accept");
    immutable.put("Cache-Control", "public, immutable");
    immutable.put("Expires", httpDate(clock.instant().atZone(ZoneOffset.UTC).plusYears(1).toInstant()));
    return document(d, JSON, ifNoneMatch, immutable);
  }

  private OpenApiResponse document(Document doc, String contentType, String ifNoneMatch, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("ETag", EntityTags.quoted(doc.hash()));
    headers.put("Last-Modified", lastModified);
    headers.put("Content-Type", contentType);
    if (EntityTags.matches(ifNoneMatch, EntityTags.quoted(doc.hash()))) {
      return new OpenApiResponse(304, headers, new byte[0]);
    }
    return new OpenApiResponse(200, headers, doc.bytes());
  }

  private static OpenApiResponse notAcceptable() {
    return new OpenApiResponse(406, Map.of("Vary", "Accept", "Content-Type", TEXT), new byte[0]);
  }

  private static String query(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
