package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Credentials, signatures and the secrets inside a Cube document never reach a log line (at any
 * level), an exception message or a toString.
 */
class RedactionTest {

  private static final String TOKEN = "sts-secret-token-4c1d";

  private final MockUCloud ucloud = new MockUCloud();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;
  private Level rootLevel;

  @BeforeEach
  void captureEverythingLogged() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.TRACE);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void restore() {
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    ucloud.close();
  }

  @Test
  void noSecretReachesTheLogsTheFailuresOrToString() {
    UCloudCubeCloud cloud =
        ucloud.builder().credentials(MockUCloud.credentials().withSecurityToken(TOKEN)).build();
    List<String> texts = new ArrayList<>();

    // A create with a retry (so the retry path logs too), carrying every kind of secret.
    ucloud.answerRetCode("CreateCubePod", 150, "busy");
    ucloud.answer("{\"RetCode\":0,\"Action\":\"CreateCubePodResponse\",\"CubeId\":\"cube-1\"}");
    cloud.create(
        Cubes.withSecrets("uid-secret"), CubeOptions.defaults(), GoldenExchangeTest.PLACEMENT);
    // A cloud message that echoes the credentials back.
    ucloud.answerRetCode(
        "RenewCubePod",
        230,
        "bad request from "
            + MockUCloud.PUBLIC_KEY
            + " key "
            + MockUCloud.PRIVATE_KEY
            + " "
            + TOKEN);
    texts.add(
        catchThrowable(() -> cloud.renew(CubeId.of("cube-1"), Cubes.withSecrets("uid-secret")))
            .getMessage());
    // A get whose stored document (with secrets) is then read.
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\""
            + Cubes.stored(Cubes.withSecrets("uid-secret"), "cube-1", CubePhase.RUNNING)
            + "\"}");
    texts.add(String.valueOf(cloud.get(CubeId.of("cube-1")).orElseThrow()));
    texts.add(cloud.toString());
    texts.add(MockUCloud.credentials().withSecurityToken(TOKEN).toString());

    List<Map<String, String>> sent =
        List.of(ucloud.takeForm(), ucloud.takeForm(), ucloud.takeForm(), ucloud.takeForm());
    logs.list.forEach(
        event -> {
          texts.add(event.getFormattedMessage());
          if (event.getThrowableProxy() != null) {
            texts.add(event.getThrowableProxy().getMessage());
          }
        });
    String everything = String.join("\n", texts);

    List<String> secrets =
        new ArrayList<>(
            List.of(
                MockUCloud.PRIVATE_KEY,
                MockUCloud.PUBLIC_KEY,
                TOKEN,
                Cubes.REGISTRY_PASSWORD,
                Cubes.SECRET_FILE_TEXT,
                Cubes.base64(Cubes.SECRET_FILE_TEXT),
                "env-secret-5d2e"));
    sent.forEach(
        form -> {
          secrets.add(form.get("Signature"));
          secrets.add(form.get("Pod"));
        });
    secrets.removeIf(java.util.Objects::isNull);
    assertThat(secrets).hasSizeGreaterThan(10);
    for (String secret : secrets) {
      assertThat(everything).as("logged or thrown text").doesNotContain(secret);
    }
    // The logs did see the calls: the redaction, not silence, keeps the secrets out.
    assertThat(everything)
        .contains("Action=CreateCubePod")
        .contains("Pod=<")
        .contains("PublicKey=<redacted>")
        .contains("SecurityToken=<redacted>")
        .contains("Signature=<redacted>")
        .contains("retrying in")
        .contains("bad request from <redacted> key <redacted> <redacted>");
  }

  @Test
  void credentialsValidationNeverEchoesAKey() {
    Throwable failure =
        catchThrowable(() -> UCloudCredentials.of("pub-key-1", "priv-key-with-newline\n"));

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UCloud credentials: privateKey has leading or trailing whitespace");
  }
}
