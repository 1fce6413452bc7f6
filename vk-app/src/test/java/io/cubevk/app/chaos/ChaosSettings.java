package io.cubevk.app.chaos;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How big a chaos run is and which schedule it plays, from system properties: {@code chaos.seed}
 * (replays a schedule; random when absent) and {@code chaos.long=true} (the long mode: at least
 * 2,000 pod lifecycles over 4 nodes instead of a few hundred over 2).
 *
 * @param seed the schedule's seed, printed with every run and every failure
 * @param longMode whether this is the long run
 * @param nodes virtual nodes served by the agent
 * @param rounds rounds of the schedule (each a burst of pods and a few faults)
 * @param podsPerRound pods created in each round's burst
 */
record ChaosSettings(long seed, boolean longMode, int nodes, int rounds, int podsPerRound) {

  static final String SEED_PROPERTY = "chaos.seed";
  static final String LONG_PROPERTY = "chaos.long";

  /** The normal run: ~300 lifecycles on 2 nodes, well within the 90 s the suite may take. */
  static ChaosSettings normal(long seed) {
    return new ChaosSettings(seed, false, 2, 10, 30);
  }

  /** The long run: 2,000+ lifecycles on 4 nodes. */
  static ChaosSettings longRun(long seed) {
    return new ChaosSettings(seed, true, 4, 50, 42);
  }

  /** The settings the system properties ask for. */
  static ChaosSettings fromSystemProperties() {
    String given = System.getProperty(SEED_PROPERTY, "").trim();
    long seed = given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given);
    return Boolean.getBoolean(LONG_PROPERTY) ? longRun(seed) : normal(seed);
  }

  /** The same size with another seed (the fixed regression seeds run at the normal size). */
  ChaosSettings withSeed(long other) {
    return new ChaosSettings(other, longMode, nodes, rounds, podsPerRound);
  }

  int plannedPods() {
    return rounds * podsPerRound;
  }

  /** What to put on the command line to play this schedule again. */
  String replay() {
    return "-D"
        + SEED_PROPERTY
        + "="
        + seed
        + (longMode ? " -D" + LONG_PROPERTY + "=true" : "")
        + " -Dtest=ChaosIT";
  }

  /** The tag every line and every failure message of the run starts with. */
  String tag() {
    return "[chaos seed=" + seed + (longMode ? " long" : "") + "]";
  }
}
