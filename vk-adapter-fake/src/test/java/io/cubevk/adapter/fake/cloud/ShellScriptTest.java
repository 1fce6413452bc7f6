package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellScriptTest {

  @Test
  void splitsCommandsOnSemicolonsNewlinesAndConnectors() {
    List<ShellScript.Command> commands = ShellScript.parse("a 1; b\nc && d || e");

    assertThat(commands)
        .extracting(c -> c.argv(Map.of(), 0).get(0))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(commands)
        .extracting(ShellScript.Command::connector)
        .containsExactly(
            ShellScript.Connector.ALWAYS,
            ShellScript.Connector.ALWAYS,
            ShellScript.Connector.ALWAYS,
            ShellScript.Connector.AND,
            ShellScript.Connector.OR);
  }

  @Test
  void quotesKeepSeparatorsAndSpacesInsideOneWord() {
    List<String> argv =
        ShellScript.parse("echo 'a; b' \"c && d\" e\\ f ''").get(0).argv(Map.of(), 0);

    assertThat(argv).containsExactly("echo", "a; b", "c && d", "e f", "");
  }

  @Test
  void expandsVariablesOutsideSingleQuotesAndKeepsEscapedDollars() {
    List<String> argv =
        ShellScript.parse("echo $A ${B}x '$A' \"$A\" \\$A \"\\$B\" $? $MISSING.")
            .get(0)
            .argv(Map.of("A", "1", "B", "2"), 7);

    assertThat(argv).containsExactly("echo", "1", "2x", "$A", "1", "$A", "$B", "7", ".");
  }

  @Test
  void readsRedirectionsApartFromTheWords() {
    ShellScript.Command toErr = ShellScript.parse("echo a >&2").get(0);
    ShellScript.Command merged = ShellScript.parse("cmd 2>&1 >/dev/null").get(0);

    assertThat(toErr.argv(Map.of(), 0)).containsExactly("echo", "a");
    assertThat(toErr.redirects()).isEqualTo(new ShellScript.Redirects(2, 2));
    assertThat(merged.argv(Map.of(), 0)).containsExactly("cmd");
    assertThat(merged.redirects()).isEqualTo(new ShellScript.Redirects(0, 1));
  }

  @Test
  void ignoresComments() {
    assertThat(ShellScript.parse("# setup\necho hi # trailing")).hasSize(1);
    assertThat(ShellScript.parse("echo a#b").get(0).argv(Map.of(), 0))
        .containsExactly("echo", "a#b");
  }
}
