package io.cubevk.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AgentTest {

  private final List<String> journal = new CopyOnWriteArrayList<>();

  /** Writes "start NAME" and "stop NAME" to the journal; fails at start if asked to. */
  private final class Recorded extends AbstractIdleService {
    private final String name;
    private final boolean failAtStart;

    Recorded(String name, boolean failAtStart) {
      this.name = name;
      this.failAtStart = failAtStart;
    }

    @Override
    protected void startUp() {
      journal.add("start " + name);
      if (failAtStart) {
        throw new IllegalStateException(name + " cannot start: the port is taken");
      }
    }

    @Override
    protected void shutDown() {
      journal.add("stop " + name);
    }

    @Override
    protected String serviceName() {
      return name;
    }
  }

  private AbstractModule tiers(Service infrastructure, Service engine, Service nodes) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        Tiers.infrastructure(binder()).addBinding().toInstance(infrastructure);
        Tiers.engine(binder()).addBinding().toInstance(engine);
        Tiers.nodes(binder()).addBinding().toInstance(nodes);
      }
    };
  }

  @Test
  void tiersStartInfrastructureEngineNodesAndStopInReverse() {
    Agent agent =
        Agent.create(
            tiers(
                new Recorded("informers", false),
                new Recorded("workers", false),
                new Recorded("node controllers", false)));

    agent.startAsync().awaitRunning();
    agent.stopAsync().awaitTerminated();

    assertThat(journal)
        .containsExactly(
            "start informers",
            "start workers",
            "start node controllers",
            "stop node controllers",
            "stop workers",
            "stop informers");
  }

  @Test
  void aServiceThatCannotStartFailsTheAgentStopsWhatStartedAndStartsNothingAfter() {
    Agent agent =
        Agent.create(
            tiers(
                new Recorded("informers", false),
                new Recorded("workers", true),
                new Recorded("node controllers", false)));

    assertThatThrownBy(() -> agent.startAsync().awaitRunning())
        .isInstanceOf(IllegalStateException.class);

    assertThat(agent.state()).isEqualTo(Service.State.FAILED);
    assertThat(agent.failureCause()).hasMessage("workers cannot start: the port is taken");
    assertThat(journal)
        .containsExactly("start informers", "start workers", "stop informers")
        .doesNotContain("start node controllers");
  }

  @Test
  void aServiceFailingWhileRunningStopsTheOthersInOrderAndFailsTheAgent() {
    CountDownLatch crash = new CountDownLatch(1);
    Service worker =
        new AbstractExecutionThreadService() {
          @Override
          protected void run() throws Exception {
            crash.await();
            throw new IllegalStateException("the work queue broke");
          }

          @Override
          protected String serviceName() {
            return "workers";
          }
        };
    Agent agent =
        Agent.create(
            tiers(
                new Recorded("informers", false), worker, new Recorded("node controllers", false)));
    agent.startAsync().awaitRunning();
    assertThat(agent.notReadyReasons()).isEmpty();

    crash.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> agent.state() == Service.State.FAILED);
    assertThat(agent.failureCause()).hasMessage("the work queue broke");
    assertThat(journal).endsWith("stop node controllers", "stop informers");
    assertThat(agent.notReadyReasons())
        .contains("cube-vk is failed", "workers is failed", "informers is terminated");
  }

  @Test
  void anAgentWithEmptyTiersStartsAndStops() {
    Agent agent = Agent.create();

    agent.startAsync().awaitRunning();
    agent.stopAsync().awaitTerminated();

    assertThat(agent.state()).isEqualTo(Service.State.TERMINATED);
  }
}
