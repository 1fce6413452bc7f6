package io.cubevk.app.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedNodeTest {

  private final ServedNode node = new ServedNode("uk8s-abcd1234-vk-x1y2z");

  @Test
  void slotsAreReservedUpToMaxPodsCountingCubesAndCreatesTogether() {
    assertThat(node.reserveSlot("a", Set.of("existing"), 3)).isTrue();
    assertThat(node.reserveSlot("b", Set.of("existing"), 3)).isTrue();

    assertThat(node.reserveSlot("c", Set.of("existing"), 3)).isFalse();
    assertThat(node.reserveSlot("a", Set.of("existing"), 3)).as("a pod holds its slot").isTrue();
  }

  @Test
  void aPodWhoseCreateJustFinishedCountsOnceNotTwice() {
    node.reserveSlot("a", Set.of(), 2);

    // "a" now has its Cube in the cache but has not released its slot yet
    assertThat(node.active(Set.of("a"))).isEqualTo(1);
    assertThat(node.reserveSlot("b", Set.of("a"), 2)).isTrue();
  }

  @Test
  void aReleasedSlotIsFreeAgain() {
    node.reserveSlot("a", Set.of(), 1);
    node.releaseSlot("a");

    assertThat(node.reserveSlot("b", Set.of(), 1)).isTrue();
  }

  @Test
  void aNodeIsNotObservedUntilItsNodeWasReadAndThenKnowsItsCordon() {
    assertThat(node.observed()).isFalse();

    node.observed(false);

    assertThat(node.observed()).isTrue();
    assertThat(node.enabled()).isFalse();
  }
}
