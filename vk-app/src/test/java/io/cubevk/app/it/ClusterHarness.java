package io.cubevk.app.it;

import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodUid;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every integration test of the engine stands on: the in-process API server (plain HTTP), the
 * fake cloud, a user's client (what {@code kubectl} would do) and agents ({@link Agent}) with their
 * own identity, so the request log tells the agent's writes from the user's.
 */
abstract class ClusterHarness {

  static final Duration AT_MOST = Duration.ofSeconds(30);
  static final String AGENT_USER = "system:serviceaccount:kube-system:cube-vk";
  static final String NAMESPACE = "default";

  private static final String AGENT_TOKEN = "cube-vk-agent-token";

  protected KubeApiServer server;
  protected FakeCubeCloud cloud;
  protected CoreV1Api user;
  protected VirtualNode node;
  private final List<Agent> agents = new ArrayList<>();

  @BeforeAll
  static void checkOftenWithoutAFirstDelay() {
    // A condition already true is seen at once; loops over many pods do not add 100 ms each.
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
  }

  @BeforeEach
  void startClusterAndCloud() {
    server = KubeApiServer.builder().https(false).clock(clock()).build().start();
    server.addToken(AGENT_TOKEN, AGENT_USER, List.of("system:masters"));
    cloud = FakeCubeCloud.builder().createDelay(createDelay()).seed(3).build();
    user = new CoreV1Api(new ClientBuilder().setBasePath(server.url()).build());
    node = virtualNode("it001", 200);
  }

  @AfterEach
  void stopEverything() {
    agents.forEach(Agent::close);
    cloud.close();
    server.close();
  }

  /** The clock of the API server and of agents (token lifetimes, timestamps). */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  /** How long a new Cube shows ContainerCreating in the fake cloud. */
  protected Duration createDelay() {
    return Duration.ofMillis(100);
  }

  /** A virtual node of cluster {@code uk8s-it000001}, its name ending in {@code suffix}. */
  static VirtualNode virtualNode(String suffix, int maxPods) {
    return new VirtualNode.Builder()
        .clusterId("uk8s-it000001")
        .name("uk8s-it000001-vk-" + suffix)
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .vpcId("uvnet-it")
        .subnetId("subnet-it")
        .maxPods(maxPods)
        .build();
  }

  /** An API client as the agent's (its own token, so its requests are told apart). */
  ApiClient agentClient() {
    return new ClientBuilder()
        .setBasePath(server.url())
        .setAuthentication(new AccessTokenAuthentication(AGENT_TOKEN))
        .build();
  }

  Agent startAgent(VirtualNode... nodes) {
    return startAgent(Agent.testSettings(), Agent.nodeSettings(), nodes);
  }

  Agent startAgent(PodEngine.Settings settings, NodeSettings nodeSettings, VirtualNode... nodes) {
    return startAgent(settings, nodeSettings, false, nodes);
  }

  /** An agent on {@link #clock()}, watching Services when {@code serviceLinks} is on. */
  Agent startAgent(
      PodEngine.Settings settings,
      NodeSettings nodeSettings,
      boolean serviceLinks,
      VirtualNode... nodes) {
    Agent agent =
        new Agent(
            agentClient(),
            cloud,
            Agent.nodes(nodes),
            settings,
            nodeSettings,
            clock(),
            serviceLinks);
    agents.add(agent);
    return agent.start();
  }

  // ------------------------------------------------------------------ pods, as a user makes them

  static V1Pod nginx(String name) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name(name).namespace(NAMESPACE))
        .spec(
            new V1PodSpec().addContainersItem(new V1Container().name("nginx").image("nginx:1.27")));
  }

  /** Bound to the node directly, as {@code spec.nodeName} in the manifest does. */
  V1Pod onNode(V1Pod pod) {
    pod.getSpec().nodeName(node.name());
    return pod;
  }

  /** Left to the scheduler, with the seed's selector and toleration for virtual nodes. */
  static V1Pod selectingVirtualNodes(V1Pod pod) {
    pod.getSpec()
        .nodeSelector(Map.of(VirtualNode.TYPE_LABEL, VirtualNode.TYPE_VALUE))
        .addTolerationsItem(
            new V1Toleration()
                .key(VirtualNode.PROVIDER_TAINT.key())
                .operator("Equal")
                .value(VirtualNode.PROVIDER_TAINT.value())
                .effect(VirtualNode.PROVIDER_TAINT.effect()));
    return pod;
  }

  V1Pod create(V1Pod pod) {
    try {
      return user.createNamespacedPod(NAMESPACE, pod).execute();
    } catch (ApiException e) {
      throw new AssertionError("creating pod failed: " + e.getCode() + " " + e.getResponseBody());
    }
  }

  /** {@code kubectl delete pod}: a graceful delete; the agent finishes it. */
  void delete(String name) {
    try {
      user.deleteNamespacedPod(name, NAMESPACE).buildCall(null).execute().close();
    } catch (Exception e) {
      throw new AssertionError("deleting pod " + name + " failed", e);
    }
  }

  Optional<V1Pod> pod(String name) {
    try {
      return Optional.of(user.readNamespacedPod(name, NAMESPACE).execute());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw new AssertionError("reading pod " + name + " failed: " + e.getCode(), e);
    }
  }

  String phase(String name) {
    return pod(name)
        .map(p -> p.getStatus() == null ? null : p.getStatus().getPhase())
        .orElse("<gone>");
  }

  void awaitPhase(String name, String phase) {
    try {
      await("pod " + name + " " + phase).atMost(AT_MOST).until(() -> phase.equals(phase(name)));
    } catch (ConditionTimeoutException e) {
      // Say where the pod got stuck: its status says more than the timeout.
      throw new AssertionError(
          "pod " + name + " did not become " + phase + "; its status: " + statusOf(name), e);
    }
  }

  private String statusOf(String name) {
    return pod(name)
        .map(V1Pod::getStatus)
        .map(
            s ->
                "phase "
                    + s.getPhase()
                    + ", reason "
                    + s.getReason()
                    + ", message "
                    + s.getMessage()
                    + ", conditions "
                    + (s.getConditions() == null
                        ? "[]"
                        : s.getConditions().stream()
                            .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getMessage())
                            .toList()))
        .orElse("<gone>");
  }

  void awaitGone(String name) {
    await("pod " + name + " gone").atMost(AT_MOST).until(() -> pod(name).isEmpty());
  }

  Optional<V1Node> nodeObject(String name) {
    try {
      return Optional.of(user.readNode(name).execute());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw new AssertionError("reading node " + name + " failed: " + e.getCode(), e);
    }
  }

  List<CoreV1Event> eventsAbout(String name) {
    try {
      return user.listNamespacedEvent(NAMESPACE).execute().getItems().stream()
          .filter(e -> name.equals(e.getInvolvedObject().getName()))
          .collect(Collectors.toList());
    } catch (ApiException e) {
      throw new AssertionError("listing events failed: " + e.getCode(), e);
    }
  }

  // ------------------------------------------------------------------ the cloud

  List<ObservedCube> cubesOf(PodUid uid) {
    return cloud.cubes().stream().filter(c -> c.podUid().equals(uid)).toList();
  }

  /** The pod's one Cube as the fake cloud holds it (document and all), failing if it has none. */
  ObservedCube cubeOf(V1Pod pod) {
    List<ObservedCube> cubes = cubesOf(uid(pod));
    if (cubes.size() != 1) {
      throw new AssertionError(
          "pod " + pod.getMetadata().getName() + " has " + cubes.size() + " Cubes, not one");
    }
    return cubes.get(0);
  }

  static PodUid uid(V1Pod pod) {
    return PodUid.of(pod.getMetadata().getUid());
  }

  // ------------------------------------------------------------------ the request log

  /** The agent's requests about one pod (by name), matching {@code filter}. */
  long agentRequests(String podName, Predicate<RecordedRequest> filter) {
    return server
        .requestLog()
        .count(
            r ->
                r.user().equals(AGENT_USER)
                    && r.namespace().equals(NAMESPACE)
                    && r.name().equals(podName)
                    && filter.test(r));
  }
}
