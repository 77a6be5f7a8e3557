package dev.ketch.kubelet.runtime.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a container's raw output ({@code stdout} and {@code stderr} in its directory, appended to by
 * the process) into the CRI log file the kubelet asked for. Each copy reads what was appended since
 * the last, writes its complete lines as entries stamped with the time they were read, and keeps
 * an unfinished last line for the next copy, unless the container has ended, when it is written as
 * it is. How far each stream has been copied is kept in {@code log.offsets}, so a restarted agent
 * neither repeats nor loses lines. Entries are stamped when copied, so times are late by up to one
 * copy period (0.2 s).
 *
 * <p>Thread-safe: copies of one container are serialised on its entry; different containers may
 * be copied at once.
 */
final class LogCopier {

  private static final Logger log = LoggerFactory.getLogger(LogCopier.class);
  private static final int CHUNK = 256 * 1024;

  private final Clock clock;
  private final Map<String, Offsets> offsets = new ConcurrentHashMap<>();

  LogCopier(Clock clock) {
    this.clock = clock;
  }

  private static final class Offsets {
    long stdout;
    long stderr;
  }

  /**
   * Copies what is new.
   *
   * @param dir the container's directory
   * @param logFile the CRI log file
   * @param ended whether the process has ended: an unfinished last line is then written too
   */
  void copy(String id, Path dir, Path logFile, boolean ended) {
    Offsets o = offsets.computeIfAbsent(id, k -> read(dir));
    synchronized (o) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long stdout = copyStream(dir.resolve("stdout"), o.stdout, "stdout", ended, out);
        long stderr = copyStream(dir.resolve("stderr"), o.stderr, "stderr", ended, out);
        if (stdout == o.stdout && stderr == o.stderr) {
          return;
        }
        if (out.size() > 0) {
          Files.createDirectories(logFile.getParent());
          Files.write(logFile, out.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        o.stdout = stdout;
        o.stderr = stderr;
        Path tmp = dir.resolve("log.offsets.tmp");
        Files.writeString(tmp, stdout + " " + stderr + "\n");
        Files.move(tmp, dir.resolve("log.offsets"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        log.debug("copying container logs failed container={}: {}", id, e.toString());
      }
    }
  }

  /** Forgets a removed container. */
  void forget(String id) {
    offsets.remove(id);
  }

  /** Entries for what follows {@code from} in {@code raw}; returns the new offset. */
  private long copyStream(Path raw, long from, String stream, boolean ended, ByteArrayOutputStream out) throws IOException {
    if (!Files.exists(raw)) {
      return from;
    }
    long offset = from;
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "r")) {
      long size = f.length();
      if (size < offset) {
        offset = 0; // truncated by someone: start again
      }
      while (offset < size) {
        int n = (int) Math.min(CHUNK, size - offset);
        byte[] buf = new byte[n];
        f.seek(offset);
        f.readFully(buf);
        int consumed = entries(buf, n, stream, ended && offset + n == size, out);
        if (consumed == 0) {
          break;
        }
        offset += consumed;
      }
    }
    return offset;
  }

  /** Writes entries for the lines in {@code buf}; returns the bytes consumed. */
  private int entries(byte[] buf, int n, String stream, boolean flushTail, ByteArrayOutputStream out) {
    var now = clock.instant();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        writeLine(buf, start, i - start, stream, now, out);
        start = i + 1;
      } else if (i - start + 1 >= CriLog.MAX_LINE) {
        out.writeBytes(CriLog.entry(now, stream, false, buf, start, i - start + 1));
        start = i + 1;
      }
    }
    if (start < n && flushTail) {
      writeLine(buf, start, n - start, stream, now, out);
      start = n;
    }
    return start;
  }

  private static void writeLine(byte[] buf, int start, int length, String stream, java.time.Instant now,
      ByteArrayOutputStream out) {
    out.writeBytes(CriLog.entry(now, stream, true, buf, start, length));
  }

  private static Offsets read(Path dir) {
    Offsets o = new Offsets();
    try {
      String[] parts = Files.readString(dir.resolve("log.offsets"), StandardCharsets.US_ASCII).trim().split(" ");
      o.stdout = Long.parseLong(parts[0]);
      o.stderr = Long.parseLong(parts[1]);
    } catch (IOException | RuntimeException e) {
      // Nothing copied yet.
    }
    return o;
  }
}
