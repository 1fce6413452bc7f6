package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.cloud.CallLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Idle must be quiet (targets.md): with every pod Running and nothing changing, the agent writes
 * nothing to pods or the Node, and only lists the cloud (no per-pod polling).
 */
class SteadyStateIT extends ClusterHarness {

  @Test
  void runningPodsCauseNoApiWritesAndOnlyCubeListsWhileNothingChanges() {
    Agent agent = startAgent(node);
    List<String> names = IntStream.range(0, 10).mapToObj(i -> "idle-" + i).toList();
    names.forEach(n -> create(onNode(nginx(n))));
    names.forEach(n -> awaitPhase(n, "Running"));
    // The fast path stops once no Cube is in transition any more.
    await().atMost(AT_MOST).until(() -> agent.engine().cubes().watchedClosely(node.name()) == 0);
    long writesBefore = agentWrites();
    long otherCloudCallsBefore = cloudCallsOtherThanLists();
    long listsBefore = cloud.callLog().count(CloudAction.LIST_CUBE_POD);

    await("quiet for 2 s")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(
            () ->
                agentWrites() == writesBefore
                    && cloudCallsOtherThanLists() == otherCloudCallsBefore);

    long lists = cloud.callLog().count(CloudAction.LIST_CUBE_POD) - listsBefore;
    System.out.printf(
        "steady state, 10 Running pods, ~2 s: %d API writes, %d cloud calls besides %d lists%n",
        agentWrites() - writesBefore, cloudCallsOtherThanLists() - otherCloudCallsBefore, lists);
    assertThat(lists).as("the periodic list runs (every 500 ms here)").isBetween(2L, 10L);
  }

  private long agentWrites() {
    Predicate<RecordedRequest> leases = r -> r.resource().equals("leases");
    return server
        .requestLog()
        .count(r -> r.user().equals(AGENT_USER) && r.isWrite() && !leases.test(r));
  }

  private long cloudCallsOtherThanLists() {
    return cloud.callLog().calls().stream()
        .map(CallLog.Call::action)
        .filter(a -> a != CloudAction.LIST_CUBE_POD)
        .count();
  }
}
