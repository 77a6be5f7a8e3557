package dev.ketch.controllers.time;

import java.time.Instant;

/** {@link System#nanoTime()} and the system's UTC wall clock. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
