package dev.ketch.apiserver.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.ClientGoneException;
import dev.ketch.apiserver.http.Headers;
import dev.ketch.apiserver.http.ResponseStream;
import dev.ketch.apiserver.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * A kubelet's container log, fetched over HTTPS (HTTP/1.1, chunked) and streamed to the client
 * as it arrives, for {@code pods/log}. Errors the kubelet answers with become the client's Status.
 * Blocks the request's thread while it streams.
 */
final class KubeletLogs {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final KubeletConnections tls;

  KubeletLogs(KubeletConnections tls) {
    this.tls = tls;
  }

  void stream(InetSocketAddress kubelet, String pathAndQuery, ApiResponse response) throws IOException, ClientGoneException {
    SSLSocket socket = (SSLSocket) tls.jdk().getSocketFactory().createSocket();
    try (socket) {
      try {
        socket.connect(kubelet, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        throw StatusException.unavailable("error dialing backend: " + e.getMessage());
      }
      response.onClose(() -> closeQuietly(socket));
      socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + kubelet.getHostString() + ":"
          + kubelet.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      int status = Integer.parseInt(line(in).split(" ")[1]);
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase().contains("chunked")) {
          chunked = true;
        }
      }
      if (status != 200) {
        throw failure(status, in.readAllBytes());
      }
      ResponseStream out = response.openStream(200, "text/plain", Headers.empty());
      if (!chunked) {
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(java.util.Arrays.copyOf(buf, n));
        }
        return;
      }
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        out.write(in.readNBytes(size));
        line(in);
      }
    }
  }

  private static StatusException failure(int status, byte[] body) {
    String message;
    try {
      JsonNode s = Json.mapper().readTree(body);
      message = s.path("message").asText(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      message = new String(body, StandardCharsets.UTF_8);
    }
    return switch (status) {
      case 400 -> StatusException.badRequest(message);
      case 404 -> StatusException.notFound(message);
      default -> StatusException.internal(message);
    };
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private static void closeQuietly(SSLSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing only to end a blocked read.
    }
  }
}
