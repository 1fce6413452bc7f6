package io.cubevk.domain.cube;

import java.util.Arrays;

/**
 * The phase word Cube stores in {@code status.phase}: kubectl-style words rather than Kubernetes'
 * five phases, so a waiting reason such as ErrImagePull shows up as the phase itself.
 */
public enum CubePhase {
  PENDING("Pending"),
  CONTAINER_CREATING("ContainerCreating"),
  RUNNING("Running"),
  COMPLETED("Completed"),
  ERROR("Error"),
  CREATE_CONTAINER_ERROR("CreateContainerError"),
  CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),
  ERR_IMAGE_PULL("ErrImagePull"),
  IMAGE_PULL_BACK_OFF("ImagePullBackOff"),
  TERMINATING("Terminating"),
  /** A word this version does not know; kept so a new Cube word never breaks the agent. */
  UNKNOWN("Unknown");

  private final String word;

  CubePhase(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** The phase for a word, {@link #UNKNOWN} for words this version does not know. */
  public static CubePhase fromWord(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst().orElse(UNKNOWN);
  }

  /**
   * Whether the Cube is still moving towards a steady state (created, starting or being deleted):
   * the engine watches such Cubes closely instead of waiting for the periodic list.
   */
  public boolean inTransition() {
    return this == PENDING || this == CONTAINER_CREATING || this == TERMINATING;
  }
}
