package dev.ketch.kubelet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The meta/v1 Status objects the kubelet answers with, as JSON. Stateless. */
final class Statuses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Statuses() {}

  static byte[] success() {
    ObjectNode s = base("Success");
    return bytes(s);
  }

  /** A command that ended with a non-zero exit code: kubectl exits with the same code. */
  static byte[] nonZeroExit(List<String> command, int exitCode) {
    ObjectNode s = base("Failure");
    s.put("message", "command terminated with non-zero exit code: error executing command " + command + ", exit code " + exitCode);
    s.put("reason", "NonZeroExitCode");
    s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", String.valueOf(exitCode));
    return bytes(s);
  }

  /** A failure with an HTTP code and reason (e.g. 500 InternalError, 404 NotFound, 400 BadRequest). */
  static byte[] failure(int code, String reason, String message) {
    ObjectNode s = base("Failure");
    s.put("message", message);
    s.put("reason", reason);
    s.put("code", code);
    return bytes(s);
  }

  private static ObjectNode base(String status) {
    ObjectNode s = JSON.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", status);
    return s;
  }

  private static byte[] bytes(ObjectNode s) {
    try {
      return JSON.writeValueAsBytes(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
