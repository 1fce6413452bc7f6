package io.cubevk.domain.translation;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion in env values, command and args (kubelet's
 * third_party/forked/golang/expansion): {@code $(NAME)} becomes the variable's value when it is
 * defined and stays as written otherwise; {@code $$} is an escaped {@code $}. Cube is given plain
 * values, so the agent expands them as kubelet would.
 */
final class Expansion {

  private Expansion() {}

  static String expand(String input, Map<String, String> variables) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          // kubelet leaves an unterminated reference, and everything after it, as written.
          out.append(input, i, input.length());
          return out.toString();
        }
        String name = input.substring(i + 2, close);
        String value = variables.get(name);
        out.append(value != null ? value : "$(" + name + ")");
        i = close + 1;
      } else {
        out.append(c).append(next);
        i += 2;
      }
    }
    return out.toString();
  }
}
