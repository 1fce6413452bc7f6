package io.cubevk.domain.node;

import java.util.Objects;

/**
 * One of a Node's {@code status.conditions}.
 *
 * @param type {@code Ready}, {@code MemoryPressure}, …
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a CamelCase reason
 * @param message a sentence for people
 */
public record NodeCondition(String type, String status, String reason, String message) {

  public NodeCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
