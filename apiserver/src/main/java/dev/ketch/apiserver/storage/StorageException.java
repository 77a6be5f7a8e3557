package dev.ketch.apiserver.storage;

/** Why a conditional write to an object's key did not happen. */
public sealed class StorageException extends RuntimeException {

  private final String key;

  StorageException(String message, String key) {
    super(message + ": " + key, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** A create found the key taken. */
  public static final class KeyExists extends StorageException {
    public KeyExists(String key) {
      super("key exists", key);
    }
  }

  /** The key does not exist (any more). */
  public static final class NotFound extends StorageException {
    public NotFound(String key) {
      super("key not found", key);
    }
  }

  /** The key was modified after the revision the write was based on. */
  public static final class Conflict extends StorageException {
    private final StoredObject current;

    public Conflict(String key, StoredObject current) {
      super("key modified", key);
      this.current = current;
    }

    /** The object as it is now. */
    public StoredObject current() {
      return current;
    }
  }
}
