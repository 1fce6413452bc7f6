package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.FileBytes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;

/**
 * The fake's process: a tiny shell that runs a container's command, or a command exec'd into it, on
 * a timeline. It never blocks: {@link #runUntil} executes commands until the process sleeps past
 * the given time, waits for input, runs forever or ends; output is stamped with the time it was
 * written, so a container's log can be computed for any moment from its start alone.
 *
 * <p>Commands: {@code echo [-n] [-e]}, {@code printf}, {@code cat [FILE…]} (stdin without files),
 * {@code env}/{@code printenv}, {@code hostname}, {@code ls}, {@code pwd}, {@code true}, {@code :},
 * {@code false}, {@code exit [N]}, {@code sleep N[smhd]|infinity}, {@code stty size}, {@code
 * NAME=value}, and {@code sh|bash -c SCRIPT} (interactive {@code sh} when stdin is open). Any other
 * command is, in a container's main process, a long-running program the fake does not emulate (it
 * logs a start line and runs until stopped) and, in an exec, "not found" with exit code 127.
 */
final class Shell {

  /** Where the process runs. */
  enum Mode {
    /** A container's main process: unknown commands run forever; no stdin. */
    MAIN,
    /** A command exec'd into a running container: unknown commands exit 127. */
    EXEC
  }

  /** Receives what the process writes. */
  interface Output {
    void write(Instant at, boolean stderr, String text);
  }

  /** A terminal's size, changed by resize. */
  static final class Terminal {
    volatile int columns = 80;
    volatile int rows = 24;
  }

  /**
   * What the process sees of its container.
   *
   * @param env the environment in the container's order (PATH and HOSTNAME first, as a runtime sets
   *     them)
   */
  record Context(
      String image,
      String hostname,
      Map<String, String> env,
      String workingDir,
      Supplier<FileTree> files,
      boolean stdin,
      boolean tty,
      Terminal terminal) {}

  private static final List<String> SHELLS = List.of("sh", "bash", "ash", "dash");

  private final Context ctx;
  private final Mode mode;
  private final Output output;
  private final Deque<ShellScript.Command> pending = new ArrayDeque<>();
  private final Map<String, String> vars;
  private Instant now;
  private Instant wakeAt;
  private int lastStatus;
  private boolean forever;
  private Integer exitCode;
  private Instant finishedAt;
  private boolean interactive;
  private boolean catFromStdin;
  private boolean stdinClosed;
  private boolean promptShown;
  private ShellScript.Redirects redirects = ShellScript.Redirects.NONE;
  private final StringBuilder lineBuffer = new StringBuilder();

  /**
   * A process started at {@code start}. An empty argv is the image's own entrypoint (only for a
   * main process), which the fake cannot know: it logs a start line and runs forever.
   */
  Shell(
      Context ctx,
      Mode mode,
      List<String> argv,
      List<String> imageArgs,
      Instant start,
      Output out) {
    this.ctx = ctx;
    this.mode = mode;
    this.output = out;
    this.now = start;
    this.vars = new LinkedHashMap<>(ctx.env());
    this.stdinClosed = !ctx.stdin();
    if (argv.isEmpty()) {
      forever = true;
      String args = imageArgs.isEmpty() ? "" : " with args " + imageArgs;
      write(false, "fake-cube: " + ctx.image() + " started (image entrypoint" + args + ")\n");
    } else {
      pending.add(ShellScript.literal(argv));
    }
  }

  /** Runs the process until {@code limit}: it then sleeps past it, waits for input or is done. */
  void runUntil(Instant limit) {
    int guard = 0;
    while (exitCode == null && !forever && guard++ < 100_000) {
      if (wakeAt != null) {
        if (wakeAt.isAfter(limit)) {
          return;
        }
        now = wakeAt;
        wakeAt = null;
      }
      if (catFromStdin) {
        return;
      }
      ShellScript.Command next = pending.poll();
      if (next == null) {
        if (interactive && !stdinClosed) {
          if (ctx.tty() && !promptShown) {
            promptShown = true;
            terminal("# ");
          }
          return;
        }
        finish(lastStatus);
        return;
      }
      if (next.connector().permits(lastStatus)) {
        redirects = next.redirects();
        execute(next.argv(vars, lastStatus));
        if (!catFromStdin) {
          redirects = ShellScript.Redirects.NONE;
        }
      }
    }
  }

  /** Input arrives at {@code at}; the process reacts at once. */
  void input(byte[] bytes, Instant at) {
    if (exitCode != null || stdinClosed) {
      return;
    }
    advanceTo(at);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (ctx.tty()) {
      StringBuilder typed = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == 0x03) { // Ctrl-C: the foreground process dies of SIGINT
          terminal("^C\n");
          finish(130);
          return;
        }
        if (c == 0x04) { // Ctrl-D on a terminal: end of input
          feed(typed.toString());
          endOfInput(at);
          return;
        }
        typed.append(c == '\r' ? '\n' : c);
      }
      text = typed.toString();
      terminal(text); // the terminal echoes what is typed
    }
    feed(text);
    runUntil(at);
  }

  void endOfInput(Instant at) {
    if (exitCode != null || stdinClosed) {
      return;
    }
    advanceTo(at);
    stdinClosed = true;
    if (catFromStdin) {
      catFromStdin = false;
      redirects = ShellScript.Redirects.NONE;
      lastStatus = 0;
    }
    if (interactive && lineBuffer.length() > 0) {
      pending.addAll(ShellScript.parse(lineBuffer.toString()));
      lineBuffer.setLength(0);
    }
    runUntil(at);
  }

  /** Stops the process from outside (container killed, session closed). */
  void kill(Instant at, int code) {
    if (exitCode == null) {
      now = at;
      finish(code);
    }
  }

  boolean finished() {
    return exitCode != null;
  }

  int exitCode() {
    return exitCode;
  }

  Instant finishedAt() {
    return finishedAt;
  }

  boolean runsForever() {
    return forever && exitCode == null;
  }

  /** When the process wants to run again, if it sleeps. */
  Optional<Instant> wakeAt() {
    return Optional.ofNullable(wakeAt);
  }

  private void advanceTo(Instant at) {
    if (wakeAt == null && at.isAfter(now)) {
      now = at;
    }
  }

  private void feed(String text) {
    if (catFromStdin) {
      write(false, text);
    } else if (interactive) {
      lineBuffer.append(text);
      int nl;
      while ((nl = lineBuffer.indexOf("\n")) >= 0) {
        pending.addAll(ShellScript.parse(lineBuffer.substring(0, nl)));
        lineBuffer.delete(0, nl + 1);
        promptShown = false;
      }
    }
  }

  private void finish(int code) {
    exitCode = code;
    finishedAt = now;
  }

  /** What the terminal itself shows (echo, prompt): not the process's output, not redirected. */
  private void terminal(String text) {
    if (!text.isEmpty()) {
      output.write(now, false, text);
    }
  }

  private void write(boolean stderr, String text) {
    int target = stderr ? redirects.stderrTo() : redirects.stdoutTo();
    if (!text.isEmpty() && target != 0) {
      output.write(now, target == 2, text);
    }
  }

  private void execute(List<String> argv) {
    if (argv.isEmpty()) {
      return;
    }
    String first = argv.get(0);
    int eq = first.indexOf('=');
    if (argv.size() == 1 && eq > 0 && first.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
      vars.put(first.substring(0, eq), first.substring(eq + 1));
      lastStatus = 0;
      return;
    }
    String name = first.substring(first.lastIndexOf('/') + 1);
    List<String> args = argv.subList(1, argv.size());
    switch (name) {
      case "echo" -> echo(args);
      case "printf" -> printf(args);
      case "cat" -> cat(args);
      case "env", "printenv" -> env(name, args);
      case "hostname" -> ok(ctx.hostname() + "\n");
      case "ls" -> ls(args);
      case "pwd" -> ok(ctx.workingDir() + "\n");
      case "true", ":" -> lastStatus = 0;
      case "false" -> lastStatus = 1;
      case "exit" -> finish(args.isEmpty() ? lastStatus : parseStatus(args.get(0)));
      case "sleep" -> sleep(args);
      case "stty" -> stty(args);
      default -> {
        if (SHELLS.contains(name)) {
          shell(args);
        } else {
          unknown(argv);
        }
      }
    }
  }

  private void ok(String text) {
    write(false, text);
    lastStatus = 0;
  }

  private void fail(int status, String message) {
    write(true, message + "\n");
    lastStatus = status;
  }

  private void echo(List<String> args) {
    boolean newline = true;
    boolean escapes = false;
    int i = 0;
    while (i < args.size() && args.get(i).matches("-[neE]+")) {
      newline &= !args.get(i).contains("n");
      escapes |= args.get(i).contains("e");
      i++;
    }
    String text = String.join(" ", args.subList(i, args.size()));
    ok((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
  }

  private void printf(List<String> args) {
    if (args.isEmpty()) {
      fail(2, "printf: usage: printf FORMAT [ARGUMENT]...");
      return;
    }
    String format = unescape(args.get(0));
    List<String> values = args.subList(1, args.size());
    StringBuilder out = new StringBuilder();
    int next = 0;
    // The format is reused while arguments remain, as printf(1) does.
    do {
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c != '%' || i + 1 >= format.length()) {
          out.append(c);
          continue;
        }
        char spec = format.charAt(++i);
        switch (spec) {
          case '%' -> out.append('%');
          case 's', 'b' -> out.append(next < values.size() ? values.get(next++) : "");
          case 'd', 'i' ->
              out.append(next < values.size() ? parseIntOrZero(values.get(next++)) : 0);
          default -> out.append('%').append(spec);
        }
      }
    } while (next > 0 && next < values.size());
    ok(out.toString());
  }

  private void cat(List<String> args) {
    if (args.isEmpty() || args.equals(List.of("-"))) {
      lastStatus = 0;
      if (!stdinClosed) {
        catFromStdin = true;
      }
      return;
    }
    int status = 0;
    FileTree tree = ctx.files().get();
    for (String arg : args) {
      String path = FileTree.normalize(ctx.workingDir(), arg);
      Optional<FileBytes> content = tree.read(path);
      if (content.isPresent()) {
        write(false, content.get().utf8());
      } else if (tree.isDirectory(path)) {
        write(true, "cat: " + arg + ": Is a directory\n");
        status = 1;
      } else {
        write(true, "cat: " + arg + ": No such file or directory\n");
        status = 1;
      }
    }
    lastStatus = status;
  }

  private void env(String name, List<String> args) {
    if (name.equals("printenv") && !args.isEmpty()) {
      String value = vars.get(args.get(0));
      if (value == null) {
        lastStatus = 1;
      } else {
        ok(value + "\n");
      }
      return;
    }
    StringBuilder out = new StringBuilder();
    vars.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    ok(out.toString());
  }

  private void ls(List<String> args) {
    List<String> paths = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith("-")) {
        paths.add(a);
      }
    }
    if (paths.isEmpty()) {
      paths.add(".");
    }
    FileTree tree = ctx.files().get();
    StringBuilder out = new StringBuilder();
    int status = 0;
    for (String arg : paths) {
      String path = FileTree.normalize(ctx.workingDir(), arg);
      Optional<SortedSet<String>> names = tree.list(path);
      if (names.isPresent()) {
        if (paths.size() > 1) {
          out.append(arg).append(":\n");
        }
        names.get().forEach(n -> out.append(n).append('\n'));
      } else if (tree.read(path).isPresent()) {
        out.append(arg).append('\n');
      } else {
        write(true, "ls: cannot access '" + arg + "': No such file or directory\n");
        status = 2;
      }
    }
    write(false, out.toString());
    lastStatus = status;
  }

  private void sleep(List<String> args) {
    if (args.isEmpty()) {
      fail(1, "sleep: missing operand");
      return;
    }
    if (args.get(0).equals("infinity")) {
      forever = true;
      return;
    }
    Optional<Duration> d = parseDuration(args.get(0));
    if (d.isEmpty()) {
      fail(1, "sleep: invalid time interval '" + args.get(0) + "'");
      return;
    }
    lastStatus = 0;
    wakeAt = now.plus(d.get());
  }

  private void stty(List<String> args) {
    if (!ctx.tty()) {
      fail(1, "stty: standard input: Not a tty");
    } else if (args.equals(List.of("size"))) {
      ok(ctx.terminal().rows + " " + ctx.terminal().columns + "\n");
    } else {
      lastStatus = 0;
    }
  }

  private void shell(List<String> args) {
    if (!args.isEmpty() && args.get(0).equals("-c")) {
      if (args.size() < 2) {
        fail(2, "sh: -c: option requires an argument");
        return;
      }
      // The script's commands run next, before whatever followed this one.
      List<ShellScript.Command> script = ShellScript.parse(args.get(1));
      for (int i = script.size() - 1; i >= 0; i--) {
        pending.addFirst(script.get(i));
      }
      lastStatus = 0;
    } else if (!stdinClosed) {
      interactive = true;
    } else {
      lastStatus = 0; // a shell with nothing to read ends at once
    }
  }

  private void unknown(List<String> argv) {
    if (mode == Mode.MAIN) {
      forever = true;
      write(false, "fake-cube: " + String.join(" ", argv) + " started (runs until stopped)\n");
    } else {
      fail(127, "sh: " + argv.get(0) + ": not found");
    }
  }

  private static int parseStatus(String text) {
    try {
      return Integer.parseInt(text) & 0xff;
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  private static long parseIntOrZero(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static Optional<Duration> parseDuration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    long unitMillis = 1000;
    if (!t.isEmpty() && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unitMillis =
          switch (t.charAt(t.length() - 1)) {
            case 'm' -> 60_000;
            case 'h' -> 3_600_000;
            case 'd' -> 86_400_000;
            default -> 1000;
          };
      t = t.substring(0, t.length() - 1);
    }
    try {
      BigDecimal amount = new BigDecimal(t);
      if (amount.signum() < 0) {
        return Optional.empty();
      }
      return Optional.of(
          Duration.ofMillis(amount.multiply(BigDecimal.valueOf(unitMillis)).longValue()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length()) {
        out.append(c);
        continue;
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '\\' -> out.append('\\');
        default -> out.append('\\').append(e);
      }
    }
    return out.toString();
  }
}
