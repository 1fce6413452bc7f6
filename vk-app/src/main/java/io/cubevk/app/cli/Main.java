package io.cubevk.app.cli;

import picocli.CommandLine;

/** Entry point of the {@code cube-vk} executable. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command tree, shared by {@link #main} and the tests so both see the same parsing. */
  static CommandLine newCommandLine() {
    return new CommandLine(new CubeVkCommand());
  }
}
