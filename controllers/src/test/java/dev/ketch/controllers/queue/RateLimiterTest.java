package dev.ketch.controllers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void exponentialDoublesPerItemAndCaps() {
    var limiter = new ItemExponentialFailureRateLimiter<String>(Duration.ofMillis(5), Duration.ofSeconds(1000));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.numRequeues("a")).isEqualTo(3);
    for (int i = 0; i < 100; i++) {
      limiter.when("a");
    }
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void exponentialForgetStartsOver() {
    var limiter = new ItemExponentialFailureRateLimiter<String>(Duration.ofMillis(5), Duration.ofSeconds(1000));
    limiter.when("a");
    limiter.when("a");
    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void exponentialReachesTheCapExactlyWhereDoublingPassesIt() {
    var limiter = new ItemExponentialFailureRateLimiter<String>(Duration.ofMillis(5), Duration.ofSeconds(1000));
    // 5 ms * 2^17 = 655.36 s < 1000 s; 5 ms * 2^18 = 1310.72 s > 1000 s.
    for (int i = 0; i < 17; i++) {
      limiter.when("a");
    }
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(655_360));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void bucketAllowsBurstThenSpacesAtQps() {
    FakeClock clock = new FakeClock();
    var bucket = new BucketRateLimiter<String>(10, 100, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.when("x" + i)).as("token %d", i).isZero();
    }
    assertThat(bucket.when("y")).isEqualTo(Duration.ofMillis(100));
    assertThat(bucket.when("z")).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void bucketRefillsWithTimeUpToBurst() {
    FakeClock clock = new FakeClock();
    var bucket = new BucketRateLimiter<String>(10, 100, clock);
    for (int i = 0; i < 100; i++) {
      bucket.when("x");
    }
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.when("x")).isZero();
    }
    assertThat(bucket.when("x")).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.when("x")).isZero();
    }
    assertThat(bucket.when("x")).isPositive();
  }

  @Test
  void defaultControllerLimiterIsTheLongerOfBoth() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> limiter = RateLimiter.defaultController(clock);
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(limiter.numRequeues("a")).isEqualTo(2);
    // Drain the bucket with other items: now the bucket's wait dominates a fresh item's 5 ms.
    for (int i = 0; i < 98; i++) {
      limiter.when("other" + i);
    }
    assertThat(limiter.when("fresh")).isEqualTo(Duration.ofMillis(100));
    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
  }
}
