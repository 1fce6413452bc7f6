package io.cubevk.domain.pod;

import java.util.Arrays;
import java.util.Optional;

/** A Pod's {@code spec.restartPolicy}; Cube accepts the same three words. */
public enum RestartPolicy {
  ALWAYS("Always"),
  ON_FAILURE("OnFailure"),
  NEVER("Never");

  private final String word;

  RestartPolicy(String word) {
    this.word = word;
  }

  /** The word Kubernetes and Cube documents use. */
  public String word() {
    return word;
  }

  /** The policy for a word, or empty when the word is not one of Always, OnFailure, Never. */
  public static Optional<RestartPolicy> fromWord(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
  }
}
