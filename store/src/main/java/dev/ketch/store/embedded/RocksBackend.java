package dev.ketch.store.embedded;

import dev.ketch.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable backend: a RocksDB database with one column family per {@link Backend.Space}.
 *
 * <p>Every batch goes through RocksDB's write-ahead log; with {@code sync} the log is fsynced before
 * {@link #write} returns, which is what makes an acknowledged write survive a kill or a power loss.
 */
final class RocksBackend implements Backend {

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final RocksDB db;
  private final Map<Space, ColumnFamilyHandle> handles = new EnumMap<>(Space.class);
  private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final WriteOptions asyncWrite = new WriteOptions().setSync(false);

  RocksBackend(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store directory " + dir, e);
    }
    blockCache = new LRUCache(32L << 20);
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxTotalWalSize(64L << 20)
            .setKeepLogFileNum(3)
            .setMaxBackgroundJobs(2);
    cfOptions =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(16L << 20)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Space space : Space.values()) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              space.name().toLowerCase().getBytes(StandardCharsets.US_ASCII), cfOptions));
    }
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
    } catch (RocksDBException e) {
      closeOptions();
      throw new StoreException.UnavailableException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    }
    for (Space space : Space.values()) {
      handles.put(space, allHandles.get(space.ordinal() + 1));
    }
  }

  @Override
  public void write(List<Write> batch, boolean sync) {
    try (WriteBatch wb = new WriteBatch()) {
      for (Write w : batch) {
        ColumnFamilyHandle cf = handles.get(w.space());
        if (w.value() == null) {
          wb.delete(cf, w.key());
        } else {
          wb.put(cf, w.key(), w.value());
        }
      }
      db.write(sync ? syncWrite : asyncWrite, wb);
    } catch (RocksDBException e) {
      throw new StoreException.UnavailableException("store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(Space space, byte[] key) {
    try {
      return db.get(handles.get(space), key);
    } catch (RocksDBException e) {
      throw new StoreException.UnavailableException("store read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void scan(Space space, byte[] from, byte[] to, Visitor visitor) {
    try (Slice upper = to == null ? null : new Slice(to);
        ReadOptions options = new ReadOptions()) {
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      try (RocksIterator it = db.newIterator(handles.get(space), options)) {
        for (it.seek(from); it.isValid(); it.next()) {
          if (!visitor.visit(it.key(), it.value())) {
            return;
          }
        }
        it.status();
      }
    } catch (RocksDBException e) {
      throw new StoreException.UnavailableException("store scan failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] lastKey(Space space) {
    try (RocksIterator it = db.newIterator(handles.get(space))) {
      it.seekToLast();
      return it.isValid() ? it.key() : null;
    }
  }

  @Override
  public long sizeOnDisk() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(RocksBackend::sizeOf).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      // A file RocksDB deleted while we walked: it takes no space any more.
      return 0;
    }
  }

  @Override
  public long liveDataSize() {
    long total = 0;
    try {
      for (ColumnFamilyHandle cf : handles.values()) {
        total += db.getLongProperty(cf, "rocksdb.estimate-live-data-size");
        total += db.getLongProperty(cf, "rocksdb.cur-size-all-mem-tables");
      }
    } catch (RocksDBException e) {
      return -1;
    }
    return total;
  }

  @Override
  public void reclaim() {
    try {
      db.compactRange(handles.get(Space.KV));
    } catch (RocksDBException e) {
      throw new StoreException.UnavailableException("store compaction failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    db.cancelAllBackgroundWork(true);
    for (ColumnFamilyHandle h : allHandles) {
      h.close();
    }
    db.close();
    syncWrite.close();
    asyncWrite.close();
    closeOptions();
  }

  private void closeOptions() {
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
  }
}
