package io.cubevk.app.cli;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.RetCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The fake cloud's knobs as command-line options (a picocli mixin shared by {@code sandbox} and
 * {@code run --cloud fake}), passed straight to {@link FakeCubeCloud}'s builder and its faults.
 */
final class FakeCloudKnobs {

  @Option(
      names = "--create-delay",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How long a new Cube shows ContainerCreating (default: ${DEFAULT-VALUE}).")
  Duration createDelay;

  @Option(
      names = "--delete-delay",
      defaultValue = "0",
      converter = DurationConverter.class,
      description = "How long a deleted Cube shows Terminating (default: ${DEFAULT-VALUE}).")
  Duration deleteDelay;

  @Option(
      names = "--fail-rate",
      defaultValue = "0",
      description =
          "Probability (0 to 1) that a Cube API call is refused as unavailable (RetCode 150);"
              + " the agent retries (default: ${DEFAULT-VALUE}).")
  double failRate;

  @Option(
      names = "--lost-answer-rate",
      defaultValue = "0",
      description =
          "Probability (0 to 1) that a CreateCubePod is carried out but its answer lost"
              + " (default: ${DEFAULT-VALUE}).")
  double lostAnswerRate;

  @Option(
      names = "--cloud-latency",
      defaultValue = "0",
      converter = DurationConverter.class,
      description = "Extra latency of every Cube API call (default: ${DEFAULT-VALUE}).")
  Duration latency;

  @Option(
      names = "--cube-quota",
      defaultValue = "0",
      description = "The account's Cube quota; 0 for none (default: ${DEFAULT-VALUE}).")
  int cubeQuota;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seeds Cube ids, fault draws and node names (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Every problem with the knobs, one line each naming the option. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    probability("--fail-rate", failRate, problems);
    probability("--lost-answer-rate", lostAnswerRate, problems);
    if (createDelay.isNegative() || deleteDelay.isNegative() || latency.isNegative()) {
      problems.add("--create-delay, --delete-delay, --cloud-latency: must not be negative");
    }
    if (cubeQuota < 0) {
      problems.add("--cube-quota: " + cubeQuota + " is negative; accepted: 0 (none) or more");
    }
    return problems;
  }

  private static void probability(String option, double p, List<String> problems) {
    if (!(p >= 0 && p <= 1)) {
      problems.add(option + ": " + p + " is not a probability; accepted: 0 to 1 (e.g. 0.1)");
    }
  }

  FakeCubeCloud build() {
    FakeCubeCloud cloud =
        FakeCubeCloud.builder()
            .createDelay(createDelay)
            .deleteDelay(deleteDelay)
            .seed(seed)
            .build();
    if (failRate > 0) {
      cloud.faults().add(FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE).withProbability(failRate));
    }
    if (lostAnswerRate > 0) {
      cloud
          .faults()
          .add(
              FaultRule.loseAnswer()
                  .on(CloudAction.CREATE_CUBE_POD)
                  .withProbability(lostAnswerRate));
    }
    if (!latency.isZero()) {
      cloud.faults().add(FaultRule.latency(latency));
    }
    if (cubeQuota > 0) {
      cloud.faults().limitCubes(cubeQuota);
    }
    return cloud;
  }
}
