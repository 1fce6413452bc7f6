package io.cubevk.domain.translation;

import java.util.Objects;

/** What became of a PersistentVolumeClaim the pod mounts: not bound yet, or bound to a volume. */
public sealed interface ClaimState permits ClaimState.Pending, ClaimState.Bound {

  /**
   * The claim exists but is not bound yet (e.g. {@code WaitForFirstConsumer} while the disk is
   * provisioned): the pod waits, as kubelet's volume manager would.
   */
  record Pending() implements ClaimState {}

  /**
   * The claim is bound.
   *
   * @param volume the PersistentVolume it is bound to
   */
  record Bound(PersistentVolumeFacts volume) implements ClaimState {
    public Bound {
      Objects.requireNonNull(volume, "volume");
    }
  }

  static ClaimState pending() {
    return new Pending();
  }

  static ClaimState bound(PersistentVolumeFacts volume) {
    return new Bound(volume);
  }
}
