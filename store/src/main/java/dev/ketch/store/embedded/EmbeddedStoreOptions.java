package dev.ketch.store.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How an {@link EmbeddedStore} is opened.
 *
 * @param dataDir the directory of the RocksDB files; null keeps everything in memory
 * @param fsync whether a write is fsynced before it is acknowledged (on disk only; turning it off
 *     trades the durability of the last writes before a power loss for speed)
 * @param maxBatch the most write requests committed together in one group commit
 * @param watchRingRevisions how many recent revisions watches read from memory
 * @param watchRingBytes a bound on the memory those revisions take
 * @param clock the time source of lease expiry
 * @param leaseCheckInterval how often expired leases are looked for
 */
public record EmbeddedStoreOptions(
    Path dataDir,
    boolean fsync,
    int maxBatch,
    int watchRingRevisions,
    long watchRingBytes,
    InstantSource clock,
    Duration leaseCheckInterval) {

  public EmbeddedStoreOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(leaseCheckInterval, "leaseCheckInterval");
    if (maxBatch < 1 || watchRingRevisions < 1 || watchRingBytes < 1) {
      throw new IllegalArgumentException("batch and ring sizes must be positive");
    }
  }

  public static EmbeddedStoreOptions inMemory() {
    return new EmbeddedStoreOptions(
        null, false, 1024, 8192, 64L << 20, InstantSource.system(), Duration.ofMillis(250));
  }

  public static EmbeddedStoreOptions onDisk(Path dataDir) {
    return inMemory().withDataDir(Objects.requireNonNull(dataDir, "dataDir")).withFsync(true);
  }

  public EmbeddedStoreOptions withDataDir(Path dir) {
    return new EmbeddedStoreOptions(
        dir, fsync, maxBatch, watchRingRevisions, watchRingBytes, clock, leaseCheckInterval);
  }

  public EmbeddedStoreOptions withFsync(boolean sync) {
    return new EmbeddedStoreOptions(
        dataDir, sync, maxBatch, watchRingRevisions, watchRingBytes, clock, leaseCheckInterval);
  }

  public EmbeddedStoreOptions withWatchRing(int revisions, long bytes) {
    return new EmbeddedStoreOptions(
        dataDir, fsync, maxBatch, revisions, bytes, clock, leaseCheckInterval);
  }

  public EmbeddedStoreOptions withClock(InstantSource source, Duration checkInterval) {
    return new EmbeddedStoreOptions(
        dataDir, fsync, maxBatch, watchRingRevisions, watchRingBytes, source, checkInterval);
  }

  public boolean inMemoryOnly() {
    return dataDir == null;
  }
}
