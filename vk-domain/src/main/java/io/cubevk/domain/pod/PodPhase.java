package io.cubevk.domain.pod;

import java.util.Optional;

/** A Pod's {@code status.phase}, with the word Kubernetes uses. */
public enum PodPhase {
  PENDING("Pending"),
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed"),
  UNKNOWN("Unknown");

  private final String word;

  PodPhase(String word) {
    this.word = word;
  }

  /** The phase as written in the Kubernetes API. */
  public String word() {
    return word;
  }

  /** Succeeded or Failed: kubelet never starts such a pod's containers again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** The phase named by a Kubernetes word, if it is one. */
  public static Optional<PodPhase> fromWord(String word) {
    for (PodPhase phase : values()) {
      if (phase.word.equals(word)) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }
}
