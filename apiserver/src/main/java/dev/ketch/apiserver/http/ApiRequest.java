package dev.ketch.apiserver.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, read in full and authenticated.
 *
 * @param method the HTTP method, upper case
 * @param rawPath the path as sent, still percent-encoded, without the query
 * @param path the decoded path ({@code %2F} becomes {@code /}, {@code +} stays {@code +})
 * @param rawQuery the query as sent, without the {@code ?}; empty when there is none
 * @param query the decoded query parameters ({@code +} becomes a space), each with every value in
 *     order; unmodifiable
 * @param headers the request's header fields
 * @param body the body; empty when there is none. Shared, not copied: never modify it
 * @param user who sent the request
 * @param remoteAddress the client's address
 * @param protocol HTTP/1.1 or HTTP/2
 */
public record ApiRequest(
    String method,
    String rawPath,
    String path,
    String rawQuery,
    Map<String, List<String>> query,
    Headers headers,
    byte[] body,
    UserInfo user,
    InetSocketAddress remoteAddress,
    HttpProtocol protocol) {

  public ApiRequest {
    var copy = new java.util.LinkedHashMap<String, List<String>>();
    query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    query = java.util.Collections.unmodifiableMap(copy);
  }

  /** The first value of a query parameter, or null when absent. */
  public String queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** Every value of a query parameter, possibly none. */
  public List<String> queryParameters(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    return headers.first(name);
  }

  @Override
  public String toString() {
    // Never the body or the headers, which carry credentials.
    return "ApiRequest[" + method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " user=" + user.name() + "]";
  }
}
