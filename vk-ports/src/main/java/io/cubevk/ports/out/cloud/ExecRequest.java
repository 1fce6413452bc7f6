package io.cubevk.ports.out.cloud;

import java.util.List;
import org.immutables.value.Value;

/** A command to run in a Cube's container, with kubelet's stream flags. */
@Value.Immutable
public abstract class ExecRequest {

  public abstract String container();

  /** The command and its arguments; empty for attach. */
  public abstract List<String> command();

  @Value.Default
  public boolean stdin() {
    return false;
  }

  @Value.Default
  public boolean stdout() {
    return true;
  }

  /** Ignored with a tty: a terminal merges stderr into stdout. */
  @Value.Default
  public boolean stderr() {
    return true;
  }

  @Value.Default
  public boolean tty() {
    return false;
  }

  public static ExecRequest of(String container, List<String> command) {
    return new Builder().container(container).addAllCommand(command).build();
  }

  public static class Builder extends ImmutableExecRequest.Builder {}
}
