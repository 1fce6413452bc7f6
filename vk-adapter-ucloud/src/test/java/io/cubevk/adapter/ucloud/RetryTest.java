package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backoff, Retry-After, deadlines, attempts and the client-side rate limit. */
class RetryTest {

  private static final CubeId CUBE = CubeId.of("cube-1");
  private static final String UNAVAILABLE =
      "{\"RetCode\":150,\"Action\":\"RebootCubePodResponse\",\"Message\":\"busy\"}";

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  @Test
  void backoffDoublesFromTheBaseDelayUpToTheCap() {
    ucloud.answer(6, UNAVAILABLE);
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(
                MockUCloud.policy().withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)))
            .build();

    assertThatThrownBy(() -> cloud.reboot(CUBE)).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(ucloud.time.sleeps())
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(400),
            Duration.ofMillis(400));
  }

  @Test
  void fullJitterPicksAFractionOfEachCeiling() {
    ucloud.answer(3, UNAVAILABLE);
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(MockUCloud.policy().withMaxAttempts(3))
            .jitter(() -> 0.25)
            .build();

    assertThatThrownBy(() -> cloud.reboot(CUBE)).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(ucloud.time.sleeps())
        .containsExactly(Duration.ofNanos(62_500_000), Duration.ofNanos(125_000_000));
  }

  @Test
  void retryAfterWinsOverTheBackoffEvenAboveItsCap() {
    ucloud.enqueue(
        MockUCloud.json(UNAVAILABLE.replace("150", "153")).setHeader("Retry-After", "30"));
    ucloud.answerOk("RebootCubePod");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterAsAnHttpDateIsCountedFromTheWallClock() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    String in12Seconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(12).atOffset(ZoneOffset.UTC));
    ucloud.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", in12Seconds));
    ucloud.answerOk("RebootCubePod");

    ucloud.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build().reboot(CUBE);

    assertThat(ucloud.time.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineEndsTheCallAtOnceAndIsHandedToTheEngine() {
    ucloud.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120"));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOfSatisfying(
            CloudFailure.Throttled.class,
            t -> assertThat(t.retryAfter()).contains(Duration.ofSeconds(120)))
        .hasMessageContaining("would pass the call deadline");
    assertThat(ucloud.requestCount()).isEqualTo(1);
    assertThat(ucloud.time.sleeps()).isEmpty();
  }

  @Test
  void theCallDeadlineBoundsTheRetriesIncludingTheirWaits() {
    ucloud.answer(6, UNAVAILABLE);
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(
                MockUCloud.policy()
                    .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                    .withCallDeadline(Duration.ofSeconds(3)))
            .build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("gave up after 2 attempts")
        .hasMessageContaining("the next attempt in 2000 ms would pass the call deadline");
    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void theLastAttemptOnlyGetsWhatIsLeftOfTheDeadline() {
    // One silent attempt: the attempt timeout (5 s) is cut to the 150 ms left of the deadline.
    ucloud.enqueue(
        MockUCloud.json(UNAVAILABLE).headersDelay(5, java.util.concurrent.TimeUnit.SECONDS));
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(MockUCloud.policy().withCallDeadline(Duration.ofMillis(150)))
            .build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("no answer within 150 ms");
  }

  @Test
  void noRetriesMeansOneAttempt() {
    ucloud.answer(2, UNAVAILABLE);
    UCloudCubeCloud cloud = ucloud.builder().retryPolicy(UCloudRetryPolicy.noRetries()).build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("gave up after 1 attempt in");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void everyAttemptTakesARateLimitPermitFirst() {
    ucloud.answer(2, UNAVAILABLE);
    ucloud.answerOk("RebootCubePod");
    AtomicInteger permits = new AtomicInteger();
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .callPermits(
                timeout -> {
                  permits.incrementAndGet();
                  return true;
                })
            .build();

    cloud.reboot(CUBE);

    assertThat(permits).hasValue(3);
    assertThat(ucloud.requestCount()).isEqualTo(3);
  }

  @Test
  void noPermitWithinTheDeadlineIsThrottledWithoutSendingAnything() {
    Duration[] offered = new Duration[1];
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .callPermits(
                timeout -> {
                  offered[0] = timeout;
                  return false;
                })
            .build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Throttled.class)
        .hasMessageContaining("client-side rate limit");
    assertThat(offered[0]).isEqualTo(MockUCloud.policy().callDeadline());
    assertThat(ucloud.requestCount()).isZero();
  }

  @Test
  void theGuavaRateLimitLetsOneCallThroughAndMakesTheNextWait() {
    CallPermits permits = CallPermits.perSecond(1);

    assertThat(permits.tryAcquire(Duration.ZERO)).isTrue();
    assertThat(permits.tryAcquire(Duration.ZERO)).isFalse();
  }

  @Test
  void aRateLimitMustBePositive() {
    assertThatThrownBy(() -> UCloudCubeCloud.builder().rateLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive number of calls per second");
  }

  @Test
  void anInterruptDuringAnAttemptEndsTheCallWithoutFurtherAttemptsAndKeepsTheInterrupt()
      throws Exception {
    ucloud.enqueue(MockUCloud.json(UNAVAILABLE).onResponseStart(SocketEffect.Stall.INSTANCE));
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(MockUCloud.policy().withAttemptTimeout(Duration.ofMillis(700)))
            .build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              thrown.set(catchThrowable(() -> cloud.reboot(CUBE)));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });

    caller.start();
    ucloud.take();
    caller.interrupt();
    caller.join(20_000);

    assertThat(thrown.get())
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("interrupted");
    assertThat(stillInterrupted).isTrue();
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void anInterruptDuringTheBackoffEndsTheCallAndKeepsTheInterrupt() {
    ucloud.answer(UNAVAILABLE);
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .sleeper(
                duration -> {
                  throw new InterruptedException();
                })
            .build();

    try {
      assertThatThrownBy(() -> cloud.reboot(CUBE))
          .isInstanceOf(CloudFailure.Unavailable.class)
          .hasMessageContaining("interrupted while waiting to retry");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
