package io.cubevk.domain.status;

/** A condition's status, with the word Kubernetes uses. */
public enum ConditionStatus {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String word;

  ConditionStatus(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static ConditionStatus of(boolean value) {
    return value ? TRUE : FALSE;
  }
}
