package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RedactionTest {

  @TempDir Path dir;

  @Test
  void credentialShapedValuesAreRedactedWhereverTheyAppear() {
    String jwt =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl";

    String line =
        Redaction.redact(
            "GET /api/v1/pods Authorization: Bearer abc.DEF-123 token="
                + jwt
                + " {\"password\": \"hunter2\"} PrivateKey=xyz&Action=ListCubePod");

    assertThat(line)
        .doesNotContain("abc.DEF-123", jwt, "hunter2", "xyz")
        .contains(
            "Bearer <redacted>",
            "\"password\": \"<redacted>",
            "PrivateKey=<redacted>&Action=ListCubePod")
        .contains("GET /api/v1/pods");
  }

  @Test
  void theUCloudKeysReadAtStartAreRedactedByValueInEveryLogLine() throws IOException {
    Path file = dir.resolve("ucloud.env");
    Files.writeString(file, "UCLOUD_PUBLIC_KEY=pubKEY-4711\nUCLOUD_PRIVATE_KEY=privKEY-0815\n");
    assertThat(CredentialsSource.read(java.util.Optional.of(file), Map.of(), new ArrayList<>()))
        .isPresent();

    String logged =
        format(
            "calling UCloud as pubKEY-4711 failed",
            new IllegalStateException(
                "signature of privKEY-0815 rejected", new RuntimeException("io")));

    assertThat(logged)
        .isEqualTo(
            "calling UCloud as <redacted> failed [IllegalStateException: signature of <redacted>"
                + " rejected <- RuntimeException: io]");
  }

  @Test
  void aMultiLineMessageStaysOneLine() {
    assertThat(format("first\nsecond", null)).isEqualTo("first second");
  }

  @Test
  void theProductionConfigurationUsesTheRedactingConverterOnStderr() throws IOException {
    String config =
        new String(
            getClass().getResourceAsStream("/logback.xml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

    assertThat(config)
        .contains("class=\"io.cubevk.app.cli.RedactingMessageConverter\"")
        .contains("%redactedMessage")
        .doesNotContain("%msg")
        .doesNotContain("%m%")
        .contains("<target>System.err</target>");
  }

  private static String format(String message, Throwable t) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LoggingEvent event =
        new LoggingEvent(
            RedactionTest.class.getName(),
            context.getLogger("test"),
            Level.WARN,
            message,
            t,
            new Object[0]);
    return new RedactingMessageConverter().convert(event);
  }
}
