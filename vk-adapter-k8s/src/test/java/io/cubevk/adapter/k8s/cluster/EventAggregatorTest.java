package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.ports.out.cluster.ObjectRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Repeated events update one Event, as kubelet's correlator does. */
class EventAggregatorTest {

  private static final ObjectRef POD = ObjectRef.pod("default", "web", "uid-1");
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final EventAggregator aggregator = new EventAggregator();

  @Test
  void theFirstOccurrenceCreatesAnEventNamedAfterItsObject() {
    EventAggregator.Decision first = aggregator.record(key("Created", "Created Cube cube-1"), T0);

    assertThat(first.isNew()).isTrue();
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.name()).startsWith("web.");
  }

  @Test
  void aRepeatUpdatesTheSameEventWithItsCountAndLastTime() {
    EventAggregator.Decision first = aggregator.record(key("BackOff", "restarting"), T0);

    EventAggregator.Decision second =
        aggregator.record(key("BackOff", "restarting"), T0.plusSeconds(10));
    EventAggregator.Decision third =
        aggregator.record(key("BackOff", "restarting"), T0.plusSeconds(20));

    assertThat(second.isNew()).isFalse();
    assertThat(third.name()).isEqualTo(first.name());
    assertThat(third.count()).isEqualTo(3);
    assertThat(third.first()).isEqualTo(T0);
    assertThat(third.last()).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  void anotherMessageOrObjectIsAnotherEvent() {
    EventAggregator.Decision a = aggregator.record(key("Failed", "one"), T0);
    EventAggregator.Decision b = aggregator.record(key("Failed", "two"), T0);
    EventAggregator.Decision c =
        aggregator.record(
            new EventAggregator.Key(
                ObjectRef.pod("default", "web", "uid-2"), "Warning", "Failed", "one"),
            T0);

    assertThat(b.isNew()).isTrue();
    assertThat(c.isNew()).isTrue();
    assertThat(a.name()).isNotEqualTo(b.name()).isNotEqualTo(c.name());
  }

  @Test
  void anEventForgottenBeyondTheCapacityIsCreatedAgain() {
    aggregator.record(key("Created", "first"), T0);
    for (int i = 0; i < EventAggregator.CAPACITY; i++) {
      aggregator.record(key("Created", "other " + i), T0);
    }

    assertThat(aggregator.record(key("Created", "first"), T0).isNew()).isTrue();
  }

  @Test
  void anEventThatExpiredOnTheServerStartsAgainUnderANewName() {
    EventAggregator.Decision first = aggregator.record(key("Pulling", "pulling"), T0);
    aggregator.record(key("Pulling", "pulling"), T0.plusSeconds(1));

    EventAggregator.Decision again =
        aggregator.recreate(key("Pulling", "pulling"), T0.plusSeconds(2));

    assertThat(again.isNew()).isTrue();
    assertThat(again.count()).isEqualTo(1);
    assertThat(again.name()).isNotEqualTo(first.name());
    assertThat(aggregator.record(key("Pulling", "pulling"), T0.plusSeconds(3)).name())
        .isEqualTo(again.name());
  }

  private static EventAggregator.Key key(String reason, String message) {
    return new EventAggregator.Key(POD, "Normal", reason, message);
  }
}
