package io.cubevk.app.engine.pod;

import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.domain.annotation.CubeAnnotations;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.decision.NodeState;
import io.cubevk.domain.decision.PodAction;
import io.cubevk.domain.decision.PodDecision;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.TokenTimes;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.domain.translation.TranslationResult;
import io.cubevk.domain.translation.Unresolved;
import io.cubevk.domain.translation.Warning;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.ElasticIp;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One level-triggered step for one pod: read the pod and its Cube from the caches, ask {@link
 * PodDecision} what to do, do that one thing. Never trusts the event that woke it; safe to run
 * again at any time. The work queue guarantees one step per pod at a time.
 */
final class PodReconciler {

  private static final Logger log = LoggerFactory.getLogger(PodReconciler.class);

  /** How long a pod waiting for a Secret, ConfigMap or claim waits before a new look. */
  static final Duration INPUT_RECHECK = Duration.ofSeconds(10);

  private final Collaborators c;

  PodReconciler(Collaborators collaborators) {
    this.c = collaborators;
  }

  /** What a reconcile step works with; one record instead of a constructor of fifteen. */
  record Collaborators(
      PodCache pods,
      CubeCache cubes,
      CubeCloud cloud,
      ElasticIpBinder elasticIps,
      PodStatusWriter statusWriter,
      PodRemover remover,
      ClusterEvents events,
      InputsLookup inputs,
      ServiceAccountTokens serviceAccountTokens,
      TokenCache tokens,
      PodLedger ledger,
      ServedNodes nodes,
      Clock clock,
      EngineMetrics metrics) {}

  ReconcileResult reconcile(PodUid uid) {
    if (!c.pods().hasSynced()) {
      return ReconcileResult.after(Duration.ofMillis(200));
    }
    Optional<PodView> found = c.pods().get(uid);
    if (found.isEmpty()) {
      return podGone(uid);
    }
    PodView pod = found.get();
    Optional<ServedNodes.Entry> node = pod.nodeName().flatMap(c.nodes()::get);
    if (node.isEmpty() || node.get().state().draining()) {
      return ReconcileResult.done(); // not ours (any more), or the node drain handles it
    }
    String group = node.get().settings().name();
    if (!c.cubes().hasListed(group)) {
      // Before the first list, a missing Cube may just be unknown yet: creating now could make
      // a duplicate of a Cube that survived a restart.
      return ReconcileResult.after(Duration.ofMillis(200));
    }
    if (!node.get().state().observed() && !pod.isBeingDeleted() && c.cubes().byPod(uid).isEmpty()) {
      // Whether the node is cordoned is unknown until its controller has read the Node: a pod
      // admitted now could get a Cube on a node that was disabled while no agent ran.
      return ReconcileResult.after(Duration.ofMillis(200));
    }
    c.ledger().firstSeen(uid, c.clock().instant());
    try {
      return act(pod, node.get(), decide(pod, node.get()));
    } catch (CloudFailure e) {
      node.get().state().setCloudReachable(!(e instanceof CloudFailure.Unavailable));
      return ReconcileResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (ClusterFailure e) {
      return ReconcileResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private PodAction decide(PodView pod, ServedNodes.Entry node) {
    Optional<ObservedCube> cube = c.cubes().byPod(pod.uid());
    VirtualNode settings = node.settings();
    Set<PodUid> withCubes = podsWithCubes(settings.name());
    withCubes.remove(pod.uid());
    int active = node.state().active(withCubes);
    NodeState state =
        new NodeState(
            settings.name(),
            node.state().enabled(),
            settings.maxPods(),
            active,
            settings.allowDaemonSets());
    return PodDecision.decide(
        pod, c.ledger().reported(pod.uid()), cube, state, () -> translate(pod, settings, cube));
  }

  private ReconcileResult act(PodView pod, ServedNodes.Entry node, PodAction action) {
    if (action instanceof PodAction.CreateCube create) {
      return create(pod, node, create);
    }
    if (action instanceof PodAction.ReportStatus report) {
      return report(pod, report);
    }
    if (action instanceof PodAction.DeleteCube delete) {
      return deleteCube(pod, node, delete);
    }
    if (action instanceof PodAction.RemovePod) {
      c.remover().deleteNow(pod.namespace(), pod.name(), pod.uid());
      forget(pod.uid());
      return ReconcileResult.done();
    }
    if (action instanceof PodAction.FailPod fail) {
      write(pod, fail.status());
      c.events().warning(ref(pod), fail.reason(), fail.message());
      c.metrics().podFailed(fail.reason());
      return ReconcileResult.done();
    }
    if (action instanceof PodAction.RenewCube renew) {
      ObservedCube renewed = c.cloud().renew(renew.cubeId(), renew.spec());
      c.cubes().observed(node.settings().name(), renewed);
      c.events()
          .normal(
              ref(pod),
              "Renewed",
              "refreshed the mounted secrets and tokens of Cube " + renew.cubeId());
      return ReconcileResult.done();
    }
    return afterNothing(pod);
  }

  private ReconcileResult create(PodView pod, ServedNodes.Entry node, PodAction.CreateCube create) {
    String group = node.settings().name();
    if (c.ledger().createOutcomeUnknown(pod.uid())) {
      // The last create's answer was lost: the Cube may exist. Look before creating another.
      Optional<ObservedCube> existing = c.cloud().findByPodUid(pod.uid());
      c.ledger().createOutcomeUnknown(pod.uid(), false);
      if (existing.isPresent()) {
        c.cubes().created(group, existing.get());
        return ReconcileResult.done();
      }
    }
    if (!node.state().reserveSlot(pod.uid(), podsWithCubes(group), node.settings().maxPods())) {
      return ReconcileResult.after(Duration.ofMillis(100)); // full now: the next decision says so
    }
    try {
      VirtualNode settings = node.settings();
      Placement placement =
          Placement.of(settings.zone(), settings.vpcId(), settings.subnetId(), group);
      CubeId id;
      try {
        id = c.cloud().create(create.spec(), create.options(), placement);
      } catch (CloudFailure.OutcomeUnknown e) {
        c.ledger().createOutcomeUnknown(pod.uid(), true);
        throw e;
      } catch (CloudFailure.Rejected | CloudFailure.Unauthorized e) {
        PodStatus failed =
            StatusMapping.rejected(
                pod, "ProviderCreateFailed", "Cube creation failed: " + e.getMessage());
        write(pod, failed);
        c.events().warning(ref(pod), "ProviderCreateFailed", e.getMessage());
        c.metrics().podFailed("ProviderCreateFailed");
        return ReconcileResult.done();
      }
      node.state().setCloudReachable(true);
      c.cubes()
          .created(group, ObservedCube.of(id, create.spec(), CubeStatus.of(CubePhase.PENDING)));
      c.events()
          .normal(
              ref(pod),
              "Created",
              "Created Cube " + id + " of size " + create.size() + " in " + settings.zone());
      for (Warning warning : create.warnings()) {
        c.events().warning(ref(pod), "CubeWarning", warning.toString());
      }
    } finally {
      node.state().releaseSlot(pod.uid());
    }
    return ReconcileResult.done();
  }

  private ReconcileResult report(PodView pod, PodAction.ReportStatus report) {
    Optional<ObservedCube> cube = c.cubes().byPod(pod.uid());
    if (cube.isPresent() && !c.cubes().observedInCloud(pod.uid())) {
      // Just created: the first look at the Cube (a fraction of a second away) has a status
      // worth a write; the one the agent made up for itself does not.
      return ReconcileResult.done();
    }
    if (cube.isPresent() && !bindElasticIp(pod, cube.get())) {
      return ReconcileResult.retry("binding the elastic IP of " + pod.key() + " failed");
    }
    write(pod, report.status());
    if (report.status().phase() == PodPhase.RUNNING && c.ledger().markRunningObserved(pod.uid())) {
      Instant seen = c.ledger().firstSeen(pod.uid(), c.clock().instant());
      c.metrics().podStarted(Duration.between(seen, c.clock().instant()));
      c.events()
          .normal(
              ref(pod),
              "Started",
              "Cube " + cube.map(o -> o.cubeId().value()).orElse("") + " is running");
    }
    boolean waitingChanged = c.ledger().waitingFor(pod.uid(), report.waitingFor());
    if (!report.waitingFor().isEmpty()) {
      if (waitingChanged) {
        c.events()
            .warning(ref(pod), waitingReason(report.waitingFor()), describe(report.waitingFor()));
      }
      return ReconcileResult.after(INPUT_RECHECK);
    }
    // A reconcile that only reported never looked at the tokens: if it was the token's own
    // wake-up (merged with a resync, which forgets the reported status, and a write that changed
    // nothing, so no pod event follows), the refresh would be lost and the token expire in the
    // Cube. Arming the wake-up again costs nothing: the queue keeps the earliest one.
    return afterNothing(pod);
  }

  private boolean bindElasticIp(PodView pod, ObservedCube cube) {
    if (c.ledger().elasticIpBound(pod.uid()) || cube.status().phase().inTransition()) {
      return true;
    }
    CubeOptions options = CubeAnnotations.parse(pod.annotations()).options();
    if (options.eip().isEmpty()) {
      c.ledger().markElasticIpBound(pod.uid());
      return true;
    }
    try {
      ElasticIp eip = c.elasticIps().ensureBound(cube.cubeId(), options.eip().get());
      c.ledger().markElasticIpBound(pod.uid());
      c.events()
          .normal(
              ref(pod),
              "ElasticIpBound",
              "bound EIP " + eip.id() + " " + eip.address() + " to Cube " + cube.cubeId());
      return true;
    } catch (CloudFailure e) {
      c.events()
          .warning(
              ref(pod),
              "ElasticIpFailed",
              "binding the EIP to Cube " + cube.cubeId() + " failed: " + e.getMessage());
      if (!e.retryable()) {
        c.ledger()
            .markElasticIpBound(pod.uid()); // permanent: reported once, the pod runs without it
        return true;
      }
      return false;
    }
  }

  private ReconcileResult deleteCube(
      PodView pod, ServedNodes.Entry node, PodAction.DeleteCube delete) {
    String group = node.settings().name();
    try {
      c.cloud().delete(delete.cubeId(), delete.releaseEip());
      c.cubes().deleting(group, pod.uid(), delete.cubeId());
      c.events().normal(ref(pod), "Killing", "Deleting Cube " + delete.cubeId());
    } catch (CloudFailure.NotFound e) {
      c.cubes().gone(group, pod.uid());
    }
    return ReconcileResult.done();
  }

  private ReconcileResult podGone(PodUid uid) {
    Optional<ObservedCube> cube = c.cubes().byPod(uid);
    if (cube.isPresent() && cube.get().status().phase() != CubePhase.TERMINATING) {
      // The pod was removed without us (a force delete): its Cube must not outlive it.
      String group = groupOf(cube.get());
      try {
        c.cloud().delete(cube.get().cubeId(), true);
        c.cubes().deleting(group, uid, cube.get().cubeId());
        log.info("pod {} was deleted without its Cube; deleting Cube {}", uid, cube.get().cubeId());
      } catch (CloudFailure.NotFound e) {
        c.cubes().gone(group, uid);
      } catch (CloudFailure e) {
        return ReconcileResult.retry(e.getMessage());
      }
      return ReconcileResult.done();
    }
    forget(uid);
    return ReconcileResult.done();
  }

  private String groupOf(ObservedCube cube) {
    return c.nodes().all().stream()
        .map(e -> e.settings().name())
        .filter(
            name ->
                c.cubes().inGroup(name).stream().anyMatch(o -> o.cubeId().equals(cube.cubeId())))
        .findFirst()
        .orElse("");
  }

  private Set<PodUid> podsWithCubes(String group) {
    return c.cubes().inGroup(group).stream()
        .map(ObservedCube::podUid)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private ReconcileResult afterNothing(PodView pod) {
    return c.tokens()
        .nextRefresh(pod.uid())
        .map(at -> Duration.between(c.clock().instant(), at))
        .map(d -> ReconcileResult.after(d.isNegative() ? Duration.ZERO : d))
        .orElse(ReconcileResult.done());
  }

  private TranslationResult translate(PodView pod, VirtualNode node, Optional<ObservedCube> cube) {
    InputReferences references = InputReferences.of(pod);
    boolean clusterIps = node.clusterIpSupport();
    // Without cluster-IP support no Service is looked at (and none watched by the adapter).
    TranslationInputs found = c.inputs().lookUp(pod.namespace(), references, clusterIps);
    TranslationInputs.Builder inputs =
        new TranslationInputs.Builder()
            .from(found)
            .defaultSize(node.defaultSize())
            .clusterIpSupport(clusterIps);
    if (clusterIps) {
      c.inputs().clusterDns().ifPresent(inputs::clusterDns);
    } else {
      c.inputs().apiServerEndpoint().ifPresent(inputs::apiServerEndpoint);
    }
    String serviceAccount = pod.serviceAccountName().orElse("default");
    for (Map.Entry<String, Duration> wanted : references.tokenLifetimes().entrySet()) {
      String audience = wanted.getKey();
      if (!c.tokens().holds(pod.uid(), audience)) {
        cube.ifPresent(observed -> adoptToken(pod, audience, observed));
      }
      try {
        inputs.putTokens(
            audience,
            c.tokens()
                .token(
                    pod.uid(),
                    audience,
                    () ->
                        c.serviceAccountTokens()
                            .request(
                                pod.namespace(),
                                serviceAccount,
                                audience,
                                wanted.getValue(),
                                pod.name(),
                                pod.uid())));
      } catch (ClusterFailure.NotFound e) {
        // The account is gone (admission refuses pods whose account is missing): no token will
        // ever come, so the translation makes it a violation rather than a wait.
        log.debug("no token for {} ({}): {}", pod.key(), serviceAccount, e.getMessage());
        inputs.serviceAccountMissing(true);
      }
    }
    return PodTranslation.translate(pod, inputs.build());
  }

  /**
   * After an agent restart the cache is empty, but the Cube carries the token the agent put there:
   * taking it over while it is fresh spares a TokenRequest and a RenewCubePod per pod.
   */
  private void adoptToken(PodView pod, String audience, ObservedCube cube) {
    for (Volume volume : pod.volumes()) {
      if (!(volume.source() instanceof VolumeSource.Projected projected)) {
        continue;
      }
      for (ProjectionSource source : projected.sources()) {
        if (source instanceof ProjectionSource.ServiceAccountToken token
            && token.audience().orElse("").equals(audience)) {
          cube.spec().volumes().stream()
              .filter(v -> v.name().equals(volume.name()) && v instanceof CubeVolume.Files)
              .map(v -> ((CubeVolume.Files) v).items().get(token.path()))
              .filter(java.util.Objects::nonNull)
              .map(FileBytes::utf8)
              .findFirst()
              .ifPresent(
                  jwt ->
                      TokenTimes.of(jwt)
                          .ifPresent(times -> c.tokens().adopt(pod.uid(), audience, jwt, times)));
          return;
        }
      }
    }
  }

  private void write(PodView pod, PodStatus status) {
    c.statusWriter().write(pod, status);
    c.ledger().reported(pod.uid(), status);
  }

  private void forget(PodUid uid) {
    c.ledger().forget(uid);
    c.tokens().forget(uid);
  }

  private static ObjectRef ref(PodView pod) {
    return ObjectRef.pod(pod.namespace(), pod.name(), pod.uid().value());
  }

  private static String waitingReason(List<Unresolved> unresolved) {
    return unresolved.stream().allMatch(Unresolved::isEnvironment)
        ? "CreateContainerConfigError"
        : "FailedMount";
  }

  private static String describe(List<Unresolved> unresolved) {
    return unresolved.stream().map(Unresolved::toString).collect(Collectors.joining("; "));
  }
}
