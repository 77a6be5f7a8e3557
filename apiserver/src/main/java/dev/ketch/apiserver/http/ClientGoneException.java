package dev.ketch.apiserver.http;

import java.io.IOException;

/** The client of a streamed response is gone (closed, reset, or cut off by server shutdown). */
public final class ClientGoneException extends IOException {

  public ClientGoneException(String message) {
    super(message, null);
  }
}
