package dev.ketch.store.embedded;

import dev.ketch.store.PutRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child process of {@link CrashRecoveryTest}: opens a store and writes from many threads
 * without end, printing {@code ACK key revision value} after each acknowledged write, until it is
 * killed.
 */
public final class CrashWriter {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String round = args[1];
    int writers = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, false);
    EmbeddedStore store = EmbeddedStore.open(dir);
    out.println("READY");
    out.flush();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        pool.submit(() -> {
          for (long i = 0; ; i++) {
            // Each writer cycles over a few keys of its own, so keys are both created and updated.
            String key = "/crash/" + round + "/" + writer + "/" + (i % 7);
            String value = "v" + i;
            long rev = store.put(PutRequest.of(key, value)).revision();
            synchronized (out) {
              out.println("ACK " + key + " " + rev + " " + value);
              out.flush();
            }
          }
        });
      }
    }
  }
}
