package io.cubevk.app.cli.bench;

import java.time.Duration;

/**
 * One bench run, as the command line asked for it.
 *
 * @param nodes virtual nodes served by the agent
 * @param podsPerNode pods per node (burst, idle; the baseline's pod count for every scenario)
 * @param createDelay how long a new Cube shows ContainerCreating in the fake cloud
 * @param duration churn: how long pods are created; idle: how long nothing changes
 * @param rate churn: pods created per second
 * @param lifetime churn: how long a pod stays Running before it is deleted
 * @param idleWindow burst and churn: the quiet spell after all pods run, for idle writes
 * @param timeout the longest wait for pods to run or to go
 */
record BenchOptions(
    Scenario scenario,
    int nodes,
    int podsPerNode,
    Duration createDelay,
    Duration duration,
    int rate,
    Duration lifetime,
    Duration idleWindow,
    Duration timeout,
    long seed) {

  int pods() {
    return nodes * podsPerNode;
  }

  /** The quiet spell measured after the pods run: the whole duration for idle. */
  Duration quietSpell() {
    return scenario == Scenario.idle ? duration : idleWindow;
  }
}
