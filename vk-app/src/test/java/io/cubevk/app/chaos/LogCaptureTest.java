package io.cubevk.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chaos suite's log scan finds what it is meant to find (else its 0 would prove nothing). */
class LogCaptureTest {

  private static final Logger ENGINE = LoggerFactory.getLogger("io.cubevk.app.engine.Probe");

  private final PlantedSecrets secrets = new PlantedSecrets(42);

  @Test
  void aPlantedSecretLoggedAtDebugIsALeakNamedByItsLabelOnly() {
    try (LogCapture capture = new LogCapture(secrets, null).start()) {
      ENGINE.debug("pulling with {}", secrets.registryPassword);
      ENGINE.info("nothing secret here");

      assertThat(capture.lines()).isEqualTo(2);
      assertThat(capture.leakCount()).isEqualTo(1);
      assertThat(capture.leaks())
          .singleElement()
          .asString()
          .contains("the registry password")
          .doesNotContain(secrets.registryPassword);
    }
  }

  @Test
  void aSecretTheLoggersRedactionHidesIsReportedButIsNoLeak() {
    try (LogCapture capture = new LogCapture(secrets, null).start()) {
      // The redacting converter replaces anything after "password=": the written line is clean.
      ENGINE.warn("login failed: password={}", secrets.envValue);

      assertThat(capture.leakCount()).isZero();
      assertThat(capture.caughtOnlyByRedactionCount()).isEqualTo(1);
    }
  }

  @Test
  void anyJwtCountsAsALeakAndLevelsAreRestoredAfterwards() {
    boolean debugBefore = ENGINE.isDebugEnabled();
    try (LogCapture capture = new LogCapture(secrets, null).start()) {
      assertThat(secrets.foundIn("token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig"))
          .containsExactly("a JWT (service-account token)");
      assertThat(ENGINE.isDebugEnabled()).isTrue();
    }
    assertThat(ENGINE.isDebugEnabled()).isEqualTo(debugBefore);
  }
}
