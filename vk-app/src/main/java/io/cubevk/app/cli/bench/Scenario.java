package io.cubevk.app.cli.bench;

/** What the bench makes the agent do. */
enum Scenario {
  /** nodes × pods-per-node pods created at once; time to all Running. */
  burst,
  /** pods created at a steady rate, each deleted a while after it runs, for a duration. */
  churn,
  /** nodes × pods-per-node pods Running, then nothing changes for a duration. */
  idle
}
