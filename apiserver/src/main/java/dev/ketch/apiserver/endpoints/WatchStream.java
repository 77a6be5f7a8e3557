package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.WatchEvent;
import dev.ketch.apiserver.cache.WatchSink;
import dev.ketch.apiserver.http.ResponseStream;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.table.TableConvertor;
import dev.ketch.apiserver.table.TableOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A watch's events written to an HTTP response: one compact JSON event per line,
 * {@code {"type":"ADDED","object":{…}}}, flushed each; with a Table, each event's object is a
 * one-row Table whose column definitions come with the first event only.
 */
final class WatchStream implements WatchSink {

  private final ResponseStream stream;
  private final TableConvertor table;
  private final TableOptions tableOptions;
  private final CountDownLatch done = new CountDownLatch(1);
  private boolean headersSent;

  WatchStream(ResponseStream stream, TableConvertor table, TableOptions tableOptions) {
    this.stream = stream;
    this.table = table;
    this.tableOptions = tableOptions;
  }

  @Override
  public void send(WatchEvent event) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream(event.object().json().length + 32);
    line.writeBytes(("{\"type\":\"" + event.type().name() + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    if (table != null && event.type() != WatchEvent.Type.BOOKMARK) {
      TableOptions options = headersSent ? tableOptions.withoutHeaders() : tableOptions;
      ObjectNode t = table.convertStored(event.object().tree(), options).toJson();
      headersSent = true;
      line.writeBytes(Json.bytes(t));
    } else {
      line.writeBytes(event.object().json());
    }
    line.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
    stream.write(line.toByteArray());
  }

  @Override
  public void closed() {
    done.countDown();
  }

  /** Waits until the watch ends or {@code millis} pass; returns true if it ended. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return done.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
