package dev.ketch.apiserver.cache;

/**
 * Where a watch's events go: in practice the HTTP response of a watch request. Called from one
 * delivery thread per watch; {@link #send} may block on the network.
 */
public interface WatchSink {

  /** Sends one event; throws if the client is gone. */
  void send(WatchEvent event) throws Exception;

  /**
   * The watch is over: ended by the server (cache restarted, client too slow) or by {@link
   * CacheWatch#close()}. Called once, after the last {@link #send}.
   */
  void closed();
}
