package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void versionPrintsTheBuildVersionFromTheFilteredResource() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));

    int exit = commandLine.execute("--version");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("cube-vk ")
        .doesNotContain("${")
        .doesNotContain("unknown");
  }

  @Test
  void withoutASubcommandItPrintsUsage() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));

    int exit = commandLine.execute();

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: cube-vk").contains("--help").contains("--version");
  }
}
