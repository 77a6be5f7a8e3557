package dev.ketch.kubelet.server;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl attach} to a container of a runtime whose containers read no input (the
 * process runtime's): the client sees the container's output from now until the run ends, read
 * from its log as it is written. Input is discarded.
 */
final class AttachSession implements StreamSession {

  private static final Logger log = LoggerFactory.getLogger(AttachSession.class);

  private final ContainerLogs logs;
  private final String namespace;
  private final String pod;
  private final String container;
  private final Path logFile;
  private final SessionOutput out;
  private volatile boolean aborted;

  AttachSession(ContainerLogs logs, String namespace, String pod, String container, Path logFile, SessionOutput out) {
    this.logs = logs;
    this.namespace = namespace;
    this.pod = pod;
    this.container = container;
    this.logFile = logFile;
    this.out = out;
  }

  @Override
  public void start() {
    Thread.ofVirtual().name("kubelet-attach").start(() -> {
      try {
        logs.attach(namespace, pod, container, logFile, new LogSink() {
          @Override
          public void write(String stream, byte[] bytes) throws java.io.IOException {
            if (stream.equals("stderr")) {
              out.stderr(bytes);
            } else {
              out.stdout(bytes);
            }
          }

          @Override
          public boolean isClosed() {
            return aborted;
          }
        });
        out.finish(Statuses.success());
      } catch (java.io.IOException e) {
        log.atDebug().addKeyValue("pod", namespace + "/" + pod).log("attach ended: {}", e.toString());
        out.finish(Statuses.failure(500, "InternalError", e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void stdin(byte[] bytes) {}

  @Override
  public void closeStdin() {}

  @Override
  public void resize(int width, int height) {}

  @Override
  public void abort() {
    aborted = true;
  }
}
