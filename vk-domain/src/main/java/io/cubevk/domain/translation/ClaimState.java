package io.cubevk.domain.translation;

import java.util.Objects;

/** What became of a PersistentVolumeClaim the pod mounts: not bound yet, or bound to a volume. */
public sealed interface ClaimState permits ClaimState.Pending, ClaimState.Bound {

  /**
   * The claim exists but is not bound yet: the pod waits, as kubelet's volume manager would.
   *
   * @param waitsForFirstConsumer whether the claim's StorageClass binds it only once a pod using it
   *     is scheduled ({@code volumeBindingMode: WaitForFirstConsumer})
   */
  record Pending(boolean waitsForFirstConsumer) implements ClaimState {

    /** Not bound yet, for a reason not known. */
    public Pending() {
      this(false);
    }
  }

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
