package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ShellTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final List<Instant> times = new ArrayList<>();

  @Test
  void echoPrintfAndSleepWriteEachLineAtItsMoment() {
    Shell sh =
        main("sh", "-c", "echo one; sleep 5; printf '%s-%d\\n' two 2; sleep 1.5; echo -n three");

    sh.runUntil(T0.plusSeconds(100));

    assertThat(out).containsExactly("one\n", "two-2\n", "three");
    assertThat(times).containsExactly(T0, T0.plusSeconds(5), T0.plus(Duration.ofMillis(6500)));
    assertThat(sh.finished()).isTrue();
    assertThat(sh.exitCode()).isZero();
    assertThat(sh.finishedAt()).isEqualTo(T0.plus(Duration.ofMillis(6500)));
  }

  @Test
  void stopsAtASleepThatEndsAfterTheLimitAndResumesLater() {
    Shell sh = main("sh", "-c", "echo a; sleep 10; echo b");

    sh.runUntil(T0.plusSeconds(9));
    assertThat(out).containsExactly("a\n");
    assertThat(sh.finished()).isFalse();
    assertThat(sh.wakeAt()).contains(T0.plusSeconds(10));

    sh.runUntil(T0.plusSeconds(10));
    assertThat(out).containsExactly("a\n", "b\n");
    assertThat(sh.finished()).isTrue();
  }

  @Test
  void exitEndsTheScriptWithItsCodeAndTheLastStatusOtherwise() {
    Shell exits = main("sh", "-c", "echo before; exit 3; echo never");
    Shell falls = main("sh", "-c", "true; false");
    exits.runUntil(T0);
    falls.runUntil(T0);

    assertThat(exits.exitCode()).isEqualTo(3);
    assertThat(out).containsExactly("before\n");
    assertThat(falls.exitCode()).isEqualTo(1);
  }

  @Test
  void andAndOrRunAStepOnlyWhenThePreviousOneSucceededOrFailed() {
    Shell sh =
        main(
            "sh",
            "-c",
            "false && echo skipped; true && echo ran; false || echo rescued; true || echo no");

    sh.runUntil(T0);

    assertThat(out).containsExactly("ran\n", "rescued\n");
  }

  @Test
  void variablesExpandFromTheEnvironmentAndAssignmentsButNotInsideSingleQuotes() {
    Shell sh = main("sh", "-c", "GREETING=hi; echo \"$GREETING ${MODE}\" '$MODE' $?");

    sh.runUntil(T0);

    assertThat(out).containsExactly("hi production $MODE 0\n");
  }

  @Test
  void redirectionsMoveOutputBetweenStdoutAndStderrOrDropIt() {
    Shell sh =
        exec(
            false,
            "sh",
            "-c",
            "echo to-err >&2; cat /nope 2>&1; echo gone > /tmp/file; cat /nope 2>/dev/null; echo kept");

    sh.runUntil(T0);

    assertThat(err).containsExactly("to-err\n");
    assertThat(out).containsExactly("cat: /nope: No such file or directory\n", "kept\n");
  }

  @Test
  void aCommandTheFakeDoesNotKnowRunsForeverInAContainerAndLogsAStartLine() {
    Shell sh = main("nginx", "-g", "daemon off;");

    sh.runUntil(T0.plus(Duration.ofDays(1)));

    assertThat(sh.finished()).isFalse();
    assertThat(sh.runsForever()).isTrue();
    assertThat(out).singleElement().asString().contains("nginx -g daemon off; started");
  }

  @Test
  void noCommandIsTheImagesEntrypointWhichRunsForeverWithAStartLine() {
    Shell sh =
        new Shell(
            context(false, false),
            Shell.Mode.MAIN,
            List.of(),
            List.of("--port", "80"),
            T0,
            this::record);

    sh.runUntil(T0.plusSeconds(60));

    assertThat(sh.runsForever()).isTrue();
    assertThat(out)
        .singleElement()
        .asString()
        .contains("started (image entrypoint with args [--port, 80])");
  }

  @Test
  void anUnknownCommandInAnExecIsNotFoundWithExitCode127() {
    Shell sh = exec(false, "frobnicate", "--now");

    sh.runUntil(T0);

    assertThat(sh.exitCode()).isEqualTo(127);
    assertThat(err).containsExactly("sh: frobnicate: not found\n");
  }

  @Test
  void catLsEnvHostnameAndPwdSeeTheContainersFilesAndEnvironment() {
    Shell sh =
        exec(
            false, "sh", "-c", "cat /etc/app/greeting; ls /etc/app; env; hostname; pwd; cat /nope");

    sh.runUntil(T0);

    assertThat(String.join("", out))
        .isEqualTo(
            "hello\n"
                + "greeting\nlevel\n"
                + "PATH=/bin\nHOSTNAME=web-0\nMODE=production\n"
                + "web-0\n"
                + "/srv\n");
    assertThat(err).containsExactly("cat: /nope: No such file or directory\n");
    assertThat(sh.exitCode()).isEqualTo(1);
  }

  @Test
  void catWithoutFilesEchoesStdinUntilItIsClosed() {
    Shell sh = exec(true, "cat");
    sh.runUntil(T0);
    assertThat(sh.finished()).isFalse();

    sh.input("ping\n".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(1));
    sh.input("pong".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(2));
    sh.endOfInput(T0.plusSeconds(3));

    assertThat(out).containsExactly("ping\n", "pong");
    assertThat(sh.exitCode()).isZero();
  }

  @Test
  void anInteractiveShellRunsEachLineItReadsUntilExit() {
    Shell sh = exec(true, "sh");
    sh.runUntil(T0);

    sh.input("echo first\nexit 4\necho never\n".getBytes(StandardCharsets.UTF_8), T0);

    assertThat(out).containsExactly("first\n");
    assertThat(sh.exitCode()).isEqualTo(4);
  }

  @Test
  void onATerminalInputIsEchoedAPromptIsShownAndSttyKnowsTheSize() {
    Shell.Terminal terminal = new Shell.Terminal();
    terminal.columns = 132;
    terminal.rows = 43;
    Shell sh =
        new Shell(
            context(true, true, terminal),
            Shell.Mode.EXEC,
            List.of("sh"),
            List.of(),
            T0,
            this::record);
    sh.runUntil(T0);

    sh.input("stty size\r".getBytes(StandardCharsets.UTF_8), T0);
    sh.input(new byte[] {0x04}, T0);

    assertThat(String.join("", out)).isEqualTo("# stty size\n43 132\n# ");
    assertThat(sh.exitCode()).isZero();
  }

  @Test
  void ctrlCOnATerminalEndsTheProcessWith130() {
    Shell sh =
        new Shell(
            context(true, true), Shell.Mode.EXEC, List.of("cat"), List.of(), T0, this::record);
    sh.runUntil(T0);

    sh.input(new byte[] {'x', 0x03}, T0);

    assertThat(sh.exitCode()).isEqualTo(130);
  }

  @Test
  void sleepInAnExecWaitsForTheClock() {
    Shell sh = exec(false, "sh", "-c", "sleep 2; echo woke");
    sh.runUntil(T0.plusSeconds(1));
    assertThat(out).isEmpty();

    sh.runUntil(T0.plusSeconds(2));

    assertThat(out).containsExactly("woke\n");
    assertThat(sh.exitCode()).isZero();
  }

  @Test
  void parsesDurationsWithUnitsAndRefusesNonsense() {
    assertThat(Shell.parseDuration("1.5")).contains(Duration.ofMillis(1500));
    assertThat(Shell.parseDuration("2m")).contains(Duration.ofMinutes(2));
    assertThat(Shell.parseDuration("1h")).contains(Duration.ofHours(1));
    assertThat(Shell.parseDuration("soon")).isEmpty();
    assertThat(Shell.parseDuration("-1")).isEmpty();
  }

  private Shell main(String... argv) {
    return new Shell(
        context(false, false), Shell.Mode.MAIN, List.of(argv), List.of(), T0, this::record);
  }

  private Shell exec(boolean stdin, String... argv) {
    return new Shell(
        context(stdin, false), Shell.Mode.EXEC, List.of(argv), List.of(), T0, this::record);
  }

  private void record(Instant at, boolean stderr, String text) {
    (stderr ? err : out).add(text);
    if (!stderr) {
      times.add(at);
    }
  }

  private static Shell.Context context(boolean stdin, boolean tty) {
    return context(stdin, tty, new Shell.Terminal());
  }

  private static Shell.Context context(boolean stdin, boolean tty, Shell.Terminal terminal) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/bin");
    env.put("HOSTNAME", "web-0");
    env.put("MODE", "production");
    FileTree files =
        FileTree.of(
            TestCubes.cube("web-0")
                .container(TestCubes.container("main").mount("config", "/etc/app"))
                .volume(
                    new CubeVolume.Files(
                        "config",
                        CubeVolume.Files.Kind.CONFIG_MAP,
                        "app",
                        new TreeMap<>(
                            Map.of(
                                "greeting", FileBytes.utf8("hello\n"),
                                "level", FileBytes.utf8("debug")))))
                .build(),
            TestCubes.cube("x")
                .container(TestCubes.container("main").mount("config", "/etc/app"))
                .build()
                .containers()
                .get(0));
    return new Shell.Context("busybox", "web-0", env, "/srv", () -> files, stdin, tty, terminal);
  }
}
