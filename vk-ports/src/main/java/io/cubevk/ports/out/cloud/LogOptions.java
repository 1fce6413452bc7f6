package io.cubevk.ports.out.cloud;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** What part of a container's log to read, with kubelet's {@code /containerLogs} parameters. */
@Value.Immutable
public abstract class LogOptions {

  /** Keep the stream open and send new lines as they come. */
  @Value.Default
  public boolean follow() {
    return false;
  }

  /** Only the last N lines. */
  public abstract Optional<Integer> tailLines();

  /** Only lines written at or after this time (sinceSeconds or sinceTime). */
  public abstract Optional<Instant> since();

  /** Prefix each line with its RFC 3339 timestamp, as kubelet does. */
  @Value.Default
  public boolean timestamps() {
    return false;
  }

  /** Stop after this many bytes. */
  public abstract Optional<Long> limitBytes();

  /** The log of the previous, terminated instance of the container. */
  @Value.Default
  public boolean previous() {
    return false;
  }

  public static LogOptions defaults() {
    return new Builder().build();
  }

  public static class Builder extends ImmutableLogOptions.Builder {}
}
