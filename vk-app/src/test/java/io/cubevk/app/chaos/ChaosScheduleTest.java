package io.cubevk.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.app.chaos.ChaosSchedule.Fate;
import org.junit.jupiter.api.Test;

/** A seed is a replayable schedule, and even a short one meets every kind of fault. */
class ChaosScheduleTest {

  @Test
  void theSameSeedPlansTheSameScheduleAndAnotherSeedAnotherOne() {
    ChaosSchedule first = ChaosSchedule.plan(ChaosSettings.normal(7));
    ChaosSchedule again = ChaosSchedule.plan(ChaosSettings.normal(7));
    ChaosSchedule other = ChaosSchedule.plan(ChaosSettings.normal(8));

    assertThat(again).isEqualTo(first);
    assertThat(other.rounds()).isNotEqualTo(first.rounds());
  }

  @Test
  void everyKindOfFaultAndEveryFateIsPlannedEvenInAShortRun() {
    for (long seed = 0; seed < 50; seed++) {
      ChaosSchedule schedule = ChaosSchedule.plan(new ChaosSettings(seed, false, 2, 3, 30));

      assertThat(schedule.faultCounts().values()).as("seed %d", seed).allMatch(n -> n >= 1);
      assertThat(schedule.allPods()).hasSize(90);
    }
    assertThat(ChaosSchedule.plan(ChaosSettings.normal(1)).fateCounts())
        .containsKeys(Fate.values());
  }

  @Test
  void theLongRunPlansAtLeastTwoThousandLifecyclesOnFourNodes() {
    ChaosSettings settings = ChaosSettings.longRun(1);

    assertThat(settings.plannedPods()).isGreaterThanOrEqualTo(2000);
    assertThat(ChaosSchedule.plan(settings).allPods())
        .extracting(ChaosSchedule.PodPlan::node)
        .containsOnly(0, 1, 2, 3);
  }

  @Test
  void aWaitedForSecretAppearsOnlyAfterItsPodWasCreated() {
    ChaosSchedule schedule = ChaosSchedule.plan(ChaosSettings.normal(3));
    for (ChaosSchedule.Round round : schedule.rounds()) {
      for (ChaosSchedule.PodPlan pod : round.pods()) {
        if (pod.secret() >= 0) {
          assertThat(schedule.secretAppearsInRound(pod.secret())).isGreaterThan(round.index());
        }
      }
    }
  }
}
