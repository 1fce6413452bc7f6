package io.cubevk.app.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.pod.PodUid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's pod slots, as several workers admit pods at once. */
class ServedNodeTest {

  private static final PodUid A = PodUid.of("uid-a");
  private static final PodUid B = PodUid.of("uid-b");
  private static final PodUid C = PodUid.of("uid-c");

  private final ServedNode node = new ServedNode("uk8s-abcd1234-vk-x1y2z");

  @Test
  void aPodWhoseCubeWasJustCreatedIsCountedOnceWhileItStillHoldsItsSlot() {
    assertThat(node.reserveSlot(A, List.of(), 2)).isTrue();

    // A's Cube is in the cache now; A releases its slot a moment later.
    assertThat(node.active(List.of(A))).isEqualTo(1);
    assertThat(node.reserveSlot(B, List.of(A), 2)).isTrue();
  }

  @Test
  void slotsBeingCreatedAndExistingCubesTogetherStayWithinMaxPods() {
    assertThat(node.reserveSlot(A, List.of(), 2)).isTrue();
    assertThat(node.reserveSlot(B, List.of(), 2)).isTrue();

    assertThat(node.reserveSlot(C, List.of(), 2)).isFalse();
    assertThat(node.active(List.of())).isEqualTo(2);

    node.releaseSlot(A);
    assertThat(node.reserveSlot(C, List.of(A), 2)).isFalse();
    node.releaseSlot(B);
    assertThat(node.reserveSlot(C, List.of(A), 2)).isTrue();
  }

  @Test
  void aPodHoldingASlotMayAskForItAgain() {
    assertThat(node.reserveSlot(A, List.of(), 1)).isTrue();

    assertThat(node.reserveSlot(A, List.of(), 1)).isTrue();
    assertThat(node.creating()).isEqualTo(1);
  }
}
