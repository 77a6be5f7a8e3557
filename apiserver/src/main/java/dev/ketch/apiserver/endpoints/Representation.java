package dev.ketch.apiserver.endpoints;

import dev.ketch.apiserver.table.TableOptions;
import java.util.Locale;

/**
 * What a client asked to receive, read from its Accept header the way kube-apiserver negotiates:
 * the first supported media type wins; {@code as=Table} asks for a Table (meta.k8s.io v1 or
 * v1beta1); protobuf and anything unknown are answered with JSON rather than refused, since every
 * client also accepts JSON.
 *
 * @param table whether to answer a Table
 * @param tableApiVersion meta.k8s.io/v1 or meta.k8s.io/v1beta1, when {@code table}
 */
record Representation(boolean table, String tableApiVersion) {

  static final Representation JSON = new Representation(false, null);

  static Representation negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String part : accept.split(",")) {
      String[] params = part.trim().split(";");
      String media = params[0].trim().toLowerCase(Locale.ROOT);
      String as = "";
      String g = "";
      String v = "";
      for (int i = 1; i < params.length; i++) {
        String[] kv = params[i].trim().split("=", 2);
        if (kv.length == 2) {
          switch (kv[0].trim()) {
            case "as" -> as = kv[1].trim();
            case "g" -> g = kv[1].trim();
            case "v" -> v = kv[1].trim();
            default -> {}
          }
        }
      }
      if (!media.equals("application/json") && !media.equals("*/*") && !media.equals("application/*")) {
        continue;
      }
      if (as.isEmpty()) {
        return JSON;
      }
      if (as.equals("Table") && g.equals("meta.k8s.io") && (v.equals("v1") || v.equals("v1beta1"))) {
        return new Representation(true, v.equals("v1") ? TableOptions.V1 : TableOptions.V1BETA1);
      }
      // Another "as" (PartialObjectMetadata…) we do not serve: try the next media type.
    }
    return JSON;
  }
}
