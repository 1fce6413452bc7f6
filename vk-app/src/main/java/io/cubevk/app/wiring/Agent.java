package io.cubevk.app.wiring;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Module;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole agent as one Guava {@link Service}: the services of the three {@link Tiers}, each run
 * by its own {@link ServiceManager}, started tier by tier and stopped in reverse. A service that
 * fails while the agent runs stops the rest in order and fails the agent (the CLI then exits
 * non-zero; an embedder sees {@link State#FAILED}).
 */
public final class Agent extends AbstractService {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  /** How long each tier may take to stop before the agent moves on to the next. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private record Tier(String name, Set<Service> services) {}

  private final List<Tier> tiers;
  // One thread runs every transition (start, stop, failure), so they never interleave.
  private final ExecutorService lifecycle =
      Executors.newSingleThreadExecutor(
          new ThreadFactoryBuilder().setNameFormat("cube-vk-lifecycle").setDaemon(true).build());
  private final List<ServiceManager> started = new ArrayList<>();
  private volatile ServiceManager starting;

  @Inject
  Agent(
      @Tiers.Infrastructure Set<Service> infrastructure,
      @Tiers.Engine Set<Service> engine,
      @Tiers.Nodes Set<Service> nodes) {
    this.tiers =
        ImmutableList.of(
            new Tier("infrastructure", infrastructure),
            new Tier("engine", engine),
            new Tier("nodes", nodes));
  }

  /** Wires an agent from modules (see the package documentation for which to choose). */
  public static Agent create(Module... modules) {
    return create(List.of(modules));
  }

  public static Agent create(Iterable<? extends Module> modules) {
    List<Module> all = new ArrayList<>();
    all.add(new Tiers.Declarations());
    modules.forEach(all::add);
    return Guice.createInjector(all).getInstance(Agent.class);
  }

  /** Every service of the agent, tier by tier, for health reports. */
  public List<Service> services() {
    List<Service> all = new ArrayList<>();
    tiers.forEach(t -> all.addAll(t.services()));
    return all;
  }

  /**
   * Whether the agent runs with every service healthy: what {@code /readyz} answers.
   *
   * @return empty when ready, else one line per reason
   */
  public List<String> notReadyReasons() {
    List<String> reasons = new ArrayList<>();
    if (state() != State.RUNNING) {
      reasons.add("cube-vk is " + state().name().toLowerCase(java.util.Locale.ROOT));
    }
    for (Service service : services()) {
      if (service.state() != State.RUNNING) {
        reasons.add(
            name(service) + " is " + service.state().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return reasons;
  }

  @Override
  protected void doStart() {
    lifecycle.execute(this::startTiers);
  }

  @Override
  protected void doCancelStart() {
    // Ctrl-C while informers wait for a dead API server: give up on the tier being started.
    ServiceManager current = starting;
    if (current != null) {
      current.stopAsync();
    }
  }

  @Override
  protected void doStop() {
    lifecycle.execute(
        () -> {
          log.info("stopping cube-vk");
          stopStartedTiers();
          log.info("cube-vk stopped");
          notifyStopped();
          lifecycle.shutdown();
        });
  }

  @Override
  public String toString() {
    return "cube-vk agent [" + state() + "]";
  }

  private void startTiers() {
    for (Tier tier : tiers) {
      if (tier.services().isEmpty()) {
        continue;
      }
      ServiceManager manager = new ServiceManager(tier.services());
      manager.addListener(failureListener(tier), MoreExecutors.directExecutor());
      starting = manager;
      started.add(manager);
      log.debug("starting the {} tier: {}", tier.name(), tier.services());
      try {
        manager.startAsync().awaitHealthy();
      } catch (IllegalStateException e) {
        starting = null;
        Throwable cause = firstFailure(manager).orElse(e);
        if (state() == State.STOPPING) { // start cancelled
          log.info("start of cube-vk cancelled while starting the {} tier", tier.name());
          stopStartedTiers();
          notifyStopped();
        } else {
          log.error("cube-vk could not start: {}", describe(cause));
          stopStartedTiers();
          notifyFailed(cause);
        }
        lifecycle.shutdown();
        return;
      }
    }
    starting = null;
    log.info("cube-vk started: {} services", services().size());
    notifyStarted();
  }

  private ServiceManager.Listener failureListener(Tier tier) {
    return new ServiceManager.Listener() {
      @Override
      public void failure(Service service) {
        if (state() != State.RUNNING) {
          return; // during start, startTiers reports it; during stop, nothing more to do
        }
        Throwable cause = service.failureCause();
        log.error(
            "{} of the {} tier failed; stopping cube-vk: {}",
            service,
            tier.name(),
            describe(cause));
        lifecycle.execute(
            () -> {
              if (state() == State.RUNNING) {
                stopStartedTiers();
                notifyFailed(cause);
                lifecycle.shutdown();
              }
            });
      }
    };
  }

  private void stopStartedTiers() {
    for (ServiceManager manager : Lists.reverse(started)) {
      try {
        manager.stopAsync().awaitStopped(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn(
            "gave up waiting {} s for services to stop: {}",
            STOP_TIMEOUT.toSeconds(),
            manager.servicesByState());
      }
    }
    started.clear();
  }

  /** Guava services print as "name [STATE]"; the state is said separately. */
  static String name(Service service) {
    return service.toString().replaceFirst(" \\[[A-Z]+\\]$", "");
  }

  private static java.util.Optional<Throwable> firstFailure(ServiceManager manager) {
    return manager.servicesByState().get(State.FAILED).stream()
        .map(Service::failureCause)
        .findFirst();
  }

  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
