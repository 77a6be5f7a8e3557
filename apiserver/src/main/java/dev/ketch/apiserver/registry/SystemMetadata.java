package dev.ketch.apiserver.registry;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The metadata fields the server owns: set on create, carried over on update, never taken from
 * clients. Kubernetes formats timestamps as RFC 3339 in whole seconds, UTC.
 */
final class SystemMetadata {

  // Kubernetes' generateName alphabet: no vowels (no words), no look-alike characters.
  private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final int RANDOM_LENGTH = 5;
  private static final int MAX_GENERATE_NAME_PREFIX = 58;

  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  SystemMetadata(InstantSource clock) {
    this.clock = clock;
  }

  String now() {
    return format(clock.instant());
  }

  String inSeconds(long seconds) {
    return format(clock.instant().plusSeconds(seconds));
  }

  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Fills what a new object gets; {@code generation} is 1 when the resource tracks it. */
  void forCreate(ObjectMeta meta, boolean tracksGeneration) {
    if ((meta.getName() == null || meta.getName().isEmpty())
        && meta.getGenerateName() != null && !meta.getGenerateName().isEmpty()) {
      meta.setName(generateName(meta.getGenerateName()));
    }
    meta.setUid(UUID.randomUUID().toString());
    meta.setCreationTimestamp(now());
    meta.setResourceVersion(null);
    meta.setDeletionTimestamp(null);
    meta.setDeletionGracePeriodSeconds(null);
    meta.setSelfLink(null);
    meta.setGeneration(tracksGeneration ? 1L : null);
  }

  /** Keeps what an update may not change from the stored object. */
  static void forUpdate(ObjectMeta meta, ObjectMeta old) {
    if (meta.getUid() == null || meta.getUid().isEmpty()) {
      meta.setUid(old.getUid());
    }
    meta.setCreationTimestamp(old.getCreationTimestamp());
    meta.setDeletionTimestamp(old.getDeletionTimestamp());
    meta.setDeletionGracePeriodSeconds(old.getDeletionGracePeriodSeconds());
    meta.setGeneration(old.getGeneration());
    meta.setSelfLink(null);
    meta.setGenerateName(old.getGenerateName());
  }

  String generateName(String prefix) {
    String base = prefix.length() > MAX_GENERATE_NAME_PREFIX ? prefix.substring(0, MAX_GENERATE_NAME_PREFIX) : prefix;
    StringBuilder sb = new StringBuilder(base);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
