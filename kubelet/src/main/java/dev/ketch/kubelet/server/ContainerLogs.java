package dev.ketch.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads a container's CRI-format log files ({@code <time> <stream> <F|P> <content>} per line) for
 * {@code kubectl logs} and {@code attach}: the current run's file (or the previous run's), with
 * tail, since, timestamps and a byte limit; following goes on into the next run's file when the
 * container restarts, and ends once the pod has no ready sandbox and nothing more was written.
 * Blocks the calling (virtual) thread.
 */
final class ContainerLogs {

  /** How often a followed log is checked for more. */
  static final long POLL_MILLIS = 100;

  private final ContainerLocator locator;

  ContainerLogs(ContainerLocator locator) {
    this.locator = locator;
  }

  /** Why a log cannot be read: the message and HTTP status the client gets. */
  static final class LogException extends Exception {
    final int status;

    LogException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The file a request reads first. */
  Path select(String namespace, String pod, String container, boolean previous) throws LogException {
    List<Path> files = locator.logFiles(namespace, pod, container);
    if (previous) {
      if (files.size() < 2) {
        throw new LogException(400, "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
      }
      return files.get(files.size() - 2);
    }
    if (files.isEmpty()) {
      throw new LogException(400, "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: ContainerCreating");
    }
    return files.getLast();
  }

  /** Streams the log of {@code file} to {@code sink}, following it when asked. */
  void stream(String namespace, String pod, String container, Path file, LogOptions options, LogSink sink)
      throws IOException, InterruptedException {
    Writer out = new Writer(sink, options);
    long offset = writeExisting(file, options, out);
    if (!options.follow() || options.previous()) {
      return;
    }
    follow(namespace, pod, container, file, offset, out);
  }

  /** Writes from the end of the file on (what an attached client sees), until the run ends. */
  void attach(String namespace, String pod, String container, Path file, LogSink sink) throws IOException, InterruptedException {
    Writer out = new Writer(sink, new LogOptions(true, false, -1, null, false, -1));
    follow(namespace, pod, container, file, Files.size(file), out);
  }

  private long writeExisting(Path file, LogOptions options, Writer out) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--;
    }
    Deque<int[]> lines = new ArrayDeque<>();
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (all[i] == '\n') {
        lines.add(new int[] {start, i});
        if (options.tailLines() >= 0 && lines.size() > options.tailLines()) {
          lines.removeFirst();
        }
        start = i + 1;
      }
    }
    for (int[] l : lines) {
      if (!out.entry(all, l[0], l[1])) {
        break;
      }
    }
    return end;
  }

  private void follow(String namespace, String pod, String container, Path file, long offset, Writer out)
      throws IOException, InterruptedException {
    Path current = file;
    long at = offset;
    while (!out.sink.isClosed() && !out.limitReached()) {
      long before = at;
      at = writeNew(current, at, out);
      if (at != before) {
        continue;
      }
      Optional<Path> next = newer(namespace, pod, container, current);
      if (next.isPresent()) {
        current = next.get();
        at = 0;
        continue;
      }
      if (locator.readySandbox(namespace, pod).isEmpty() && Files.size(current) == at) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Optional<Path> newer(String namespace, String pod, String container, Path current) {
    int run = ContainerLocator.restartOf(current);
    return locator.logFiles(namespace, pod, container).stream().filter(f -> ContainerLocator.restartOf(f) > run).findFirst();
  }

  /** Writes the complete lines after {@code offset}; returns the offset after them. */
  private static long writeNew(Path file, long offset, Writer out) throws IOException {
    if (!Files.exists(file)) {
      return offset;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      if (size <= offset) {
        return offset;
      }
      byte[] buf = new byte[(int) Math.min(size - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(buf);
      int start = 0;
      for (int i = 0; i < buf.length; i++) {
        if (buf[i] == '\n') {
          if (!out.entry(buf, start, i)) {
            return offset + i + 1;
          }
          start = i + 1;
        }
      }
      return offset + start;
    }
  }

  /** Formats entries for the client; counts bytes against the limit. */
  private static final class Writer {
    final LogSink sink;
    final LogOptions options;
    long written;

    Writer(LogSink sink, LogOptions options) {
      this.sink = sink;
      this.options = options;
    }

    boolean limitReached() {
      return options.limitBytes() >= 0 && written >= options.limitBytes();
    }

    /** Writes the entry in {@code buf[start, end)}; false once nothing more is to be written. */
    boolean entry(byte[] buf, int start, int end) throws IOException {
      int s1 = indexOf(buf, ' ', start, end);
      int s2 = s1 < 0 ? -1 : indexOf(buf, ' ', s1 + 1, end);
      int s3 = s2 < 0 ? -1 : indexOf(buf, ' ', s2 + 1, end);
      if (s3 < 0) {
        return true; // not an entry
      }
      String time = new String(buf, start, s1 - start, StandardCharsets.US_ASCII);
      if (options.since() != null && Instant.parse(time).isBefore(options.since())) {
        return true;
      }
      String stream = new String(buf, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
      boolean full = buf[s2 + 1] == 'F';
      ByteArrayOutputStream line = new ByteArrayOutputStream(end - s3 + 40);
      if (options.timestamps()) {
        line.writeBytes((time + " ").getBytes(StandardCharsets.US_ASCII));
      }
      line.write(buf, s3 + 1, end - s3 - 1);
      if (full) {
        line.write('\n');
      }
      byte[] bytes = line.toByteArray();
      if (options.limitBytes() >= 0 && written + bytes.length > options.limitBytes()) {
        bytes = java.util.Arrays.copyOf(bytes, (int) (options.limitBytes() - written));
      }
      written += bytes.length;
      sink.write(stream, bytes);
      return !limitReached() && !sink.isClosed();
    }

    private static int indexOf(byte[] buf, char c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (buf[i] == c) {
          return i;
        }
      }
      return -1;
    }
  }
}
