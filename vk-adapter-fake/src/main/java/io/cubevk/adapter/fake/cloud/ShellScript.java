package io.cubevk.adapter.fake.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small part of POSIX shell syntax the fake understands: simple commands separated by {@code
 * ;}, newlines, {@code &&} and {@code ||}; single and double quotes; backslash escapes; {@code
 * $NAME}, {@code ${NAME}} and {@code $?} expansion; {@code #} comments; redirections of stdout and
 * stderr to each other ({@code >&2}, {@code 2>&1}) or away ({@code >file}, {@code 2>/dev/null}: the
 * fake has no writable file system, so the output is dropped). Pipes, {@code &} and compound
 * commands (if, while, for) are not interpreted: a pipe or {@code &} separates commands like {@code
 * ;} and a compound keyword is an unknown command.
 */
final class ShellScript {

  private ShellScript() {}

  /** How a command depends on the status of the one before it. */
  enum Connector {
    ALWAYS,
    AND,
    OR;

    boolean permits(int lastStatus) {
      return switch (this) {
        case ALWAYS -> true;
        case AND -> lastStatus == 0;
        case OR -> lastStatus != 0;
      };
    }
  }

  /** A piece of a word: literal text, or text in which {@code $} expands. */
  record Part(String text, boolean expands) {}

  /** One word of a command, expanded when the command runs. */
  record Word(List<Part> parts) {
    static Word literal(String text) {
      return new Word(List.of(new Part(text, false)));
    }

    String expand(Map<String, String> vars, int lastStatus) {
      StringBuilder out = new StringBuilder();
      for (Part p : parts) {
        if (p.expands()) {
          expandInto(out, p.text(), vars, lastStatus);
        } else {
          out.append(p.text());
        }
      }
      return out.toString();
    }
  }

  /** Where a command's stdout (fd 1) and stderr (fd 2) go: 1, 2, or 0 for nowhere. */
  record Redirects(int stdoutTo, int stderrTo) {
    static final Redirects NONE = new Redirects(1, 2);

    Redirects with(int fd, int target) {
      return fd == 2 ? new Redirects(stdoutTo, target) : new Redirects(target, stderrTo);
    }
  }

  record Command(Connector connector, List<Word> words, Redirects redirects) {
    Command(Connector connector, List<Word> words) {
      this(connector, words, Redirects.NONE);
    }

    List<String> argv(Map<String, String> vars, int lastStatus) {
      List<String> out = new ArrayList<>(words.size());
      for (Word w : words) {
        out.add(w.expand(vars, lastStatus));
      }
      return out;
    }
  }

  /** A command that runs the given argv as it is (exec and container commands are not expanded). */
  static Command literal(List<String> argv) {
    return new Command(Connector.ALWAYS, argv.stream().map(Word::literal).toList());
  }

  static List<Command> parse(String script) {
    List<Command> commands = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean inWord = false;
    Connector next = Connector.ALWAYS;
    Redirects redirects = Redirects.NONE;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '>' || c == '<') {
        int fd = c == '<' ? 0 : 1;
        if (parts.isEmpty() && (text.toString().equals("1") || text.toString().equals("2"))) {
          fd = text.charAt(0) - '0';
          text.setLength(0);
          inWord = false;
        } else {
          inWord = endWord(words, parts, text, inWord);
        }
        i++;
        if (i < n && script.charAt(i) == '>') {
          i++; // append: the same, for a fake without files
        }
        int target = 0;
        if (i < n && script.charAt(i) == '&') {
          i++;
          int start = i;
          while (i < n && Character.isDigit(script.charAt(i))) {
            i++;
          }
          target = start == i ? 0 : Integer.parseInt(script.substring(start, i));
        } else {
          while (i < n && (script.charAt(i) == ' ' || script.charAt(i) == '\t')) {
            i++;
          }
          while (i < n && " \t\n;&|".indexOf(script.charAt(i)) < 0) {
            i++; // the file name: output sent to a file is dropped
          }
        }
        if (fd != 0) {
          redirects = redirects.with(fd, target == 1 || target == 2 ? target : 0);
        }
      } else if (c == '\'') {
        flushPart(parts, text, true);
        int end = script.indexOf('\'', i + 1);
        String quoted = end < 0 ? script.substring(i + 1) : script.substring(i + 1, end);
        parts.add(new Part(quoted, false));
        inWord = true;
        i = end < 0 ? n : end + 1;
      } else if (c == '"') {
        flushPart(parts, text, true);
        i = readDoubleQuoted(script, i + 1, parts);
        inWord = true;
      } else if (c == '\\' && i + 1 < n) {
        char escaped = script.charAt(i + 1);
        if (escaped != '\n') {
          flushPart(parts, text, true);
          parts.add(new Part(String.valueOf(escaped), false));
          inWord = true;
        }
        i += 2;
      } else if (c == '#' && !inWord) {
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
      } else if (c == ' ' || c == '\t' || c == '\r') {
        inWord = endWord(words, parts, text, inWord);
        i++;
      } else if (c == ';' || c == '\n' || c == '&' || c == '|') {
        inWord = endWord(words, parts, text, inWord);
        Connector after = Connector.ALWAYS;
        if (c == '&' && i + 1 < n && script.charAt(i + 1) == '&') {
          after = Connector.AND;
          i++;
        } else if (c == '|' && i + 1 < n && script.charAt(i + 1) == '|') {
          after = Connector.OR;
          i++;
        }
        if (!words.isEmpty()) {
          commands.add(new Command(next, List.copyOf(words), redirects));
          words.clear();
          next = after;
        }
        redirects = Redirects.NONE;
        i++;
      } else {
        text.append(c);
        inWord = true;
        i++;
      }
    }
    endWord(words, parts, text, inWord);
    if (!words.isEmpty()) {
      commands.add(new Command(next, List.copyOf(words), redirects));
    }
    return commands;
  }

  private static int readDoubleQuoted(String script, int from, List<Part> parts) {
    StringBuilder text = new StringBuilder();
    int i = from;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '"') {
        flushPart(parts, text, true);
        if (parts.isEmpty()) {
          parts.add(new Part("", false));
        }
        return i + 1;
      }
      if (c == '\\' && i + 1 < script.length() && "\"\\$`".indexOf(script.charAt(i + 1)) >= 0) {
        flushPart(parts, text, true);
        parts.add(new Part(String.valueOf(script.charAt(i + 1)), false));
        i += 2;
        continue;
      }
      text.append(c);
      i++;
    }
    flushPart(parts, text, true);
    return i;
  }

  private static void flushPart(List<Part> parts, StringBuilder text, boolean expands) {
    if (text.length() > 0) {
      parts.add(new Part(text.toString(), expands));
      text.setLength(0);
    }
  }

  private static boolean endWord(
      List<Word> words, List<Part> parts, StringBuilder text, boolean inWord) {
    flushPart(parts, text, true);
    if (inWord) {
      words.add(new Word(List.copyOf(parts)));
    }
    parts.clear();
    return false;
  }

  private static void expandInto(
      StringBuilder out, String text, Map<String, String> vars, int lastStatus) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '?') {
        out.append(lastStatus);
        i += 2;
      } else if (next == '$') {
        out.append('1'); // the container's main process is pid 1
        i += 2;
      } else if (next == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          out.append(text, i, text.length());
          return;
        }
        out.append(vars.getOrDefault(text.substring(i + 2, end), ""));
        i = end + 1;
      } else if (Character.isLetter(next) || next == '_') {
        int end = i + 1;
        while (end < text.length()
            && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        out.append(vars.getOrDefault(text.substring(i + 1, end), ""));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
  }
}
