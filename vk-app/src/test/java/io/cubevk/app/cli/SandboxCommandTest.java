package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sandbox's options, checked before anything starts; and its help, which teaches. */
class SandboxCommandTest {

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void badOptionsAreAllReportedAndNothingStarts() {
    String[] r =
        run(
            "sandbox",
            "--nodes",
            "9",
            "--fail-rate",
            "1.5",
            "--max-pods",
            "0",
            "--apply",
            "no-such-file.yaml");

    assertThat(r[0]).isEqualTo(String.valueOf(SandboxCommand.BAD_INPUT));
    assertThat(r[1]).isEmpty();
    assertThat(r[2])
        .contains("--nodes: 9 is out of range; accepted: 1 to 8")
        .contains("--fail-rate: 1.5 is not a probability; accepted: 0 to 1")
        .contains("--max-pods: 0 is out of range; accepted: 1 to 200")
        .contains("no-such-file.yaml: cannot read it: no such file");
  }

  @Test
  void aDurationNobodyTypesIsRefusedSayingWhatIsAccepted() {
    String[] r = run("sandbox", "--timeout", "two minutes");

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2])
        .contains("'two minutes' is not a duration; accepted: a number with ms, s, m or h");
  }

  @Test
  void helpTeachesWithExamples() {
    String[] sandbox = run("sandbox", "--help");
    String[] top = run("--help");
    String[] node = run("node", "--help");

    assertThat(sandbox[1])
        .contains("Examples:")
        .contains("./cube-vk sandbox --apply examples/seed/01-pod-nginx.yaml --until-settled")
        .contains("--create-delay")
        .contains("--cloud");
    assertThat(top[1]).contains("sandbox", "run", "node", "translate");
    assertThat(node[1]).contains("list", "describe", "add", "cordon", "uncordon", "delete");
  }
}
