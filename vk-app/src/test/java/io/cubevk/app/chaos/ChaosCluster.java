package io.cubevk.app.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.app.chaos.ChaosSchedule.BadTrait;
import io.cubevk.app.chaos.ChaosSchedule.Fate;
import io.cubevk.app.chaos.ChaosSchedule.PodPlan;
import io.cubevk.app.it.Agent;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The world a chaos run plays in: the in-process API server, a cloud ({@link ChaosCloud}), the
 * agent (killed and replaced at will) and the user. The user's writes go straight into the API
 * server's store (through admission, as over HTTP), so that every injected write failure hits the
 * agent and none is spent on the test itself.
 */
final class ChaosCluster implements AutoCloseable {

  static final String NAMESPACE = "default";
  static final String AGENT_USER = "system:serviceaccount:kube-system:cube-vk";
  static final String PULL_SECRET = "chaos-registry";
  static final String TOKEN_SECRET = "chaos-sa-token";
  static final String ENV_SECRET = "chaos-env";

  private static final JSON JSON_CODEC = new JSON();

  final KubeApiServer server;
  final ChaosCloud cloud;
  final List<VirtualNode> nodes;
  private final PlantedSecrets secrets;
  private final ResourceType pods;
  private final ResourceType nodeObjects;
  private final List<Agent> agents = new ArrayList<>();
  private Agent agent;

  ChaosCluster(ChaosCloud cloud, int nodeCount, PlantedSecrets secrets) {
    this.cloud = cloud;
    this.secrets = secrets;
    this.server = KubeApiServer.builder().https(false).build().start();
    server.addToken(secrets.agentToken, AGENT_USER, List.of("system:masters"));
    this.pods = server.store().resources().require("", "pods");
    this.nodeObjects = server.store().resources().require("", "nodes");
    this.nodes =
        IntStream.range(0, nodeCount)
            .mapToObj(
                i ->
                    new VirtualNode.Builder()
                        .clusterId("uk8s-chaos001")
                        .name("uk8s-chaos001-vk-chaos" + i)
                        .region("cn-bj2")
                        .zone("cn-bj2-05")
                        .vpcId("uvnet-chaos")
                        .subnetId("subnet-chaos")
                        .maxPods(1000)
                        .build())
            .toList();
  }

  /**
   * The Secrets pods use from the start; the legacy token is read back once the server filled it.
   */
  void plantSecrets() {
    createSecret(
        new V1Secret()
            .metadata(new V1ObjectMeta().name(PULL_SECRET))
            .type("kubernetes.io/dockerconfigjson")
            .data(Map.of(".dockerconfigjson", bytes(secrets.dockerConfigJson()))));
    createSecret(
        new V1Secret()
            .metadata(new V1ObjectMeta().name(ENV_SECRET))
            .data(Map.of("password", bytes(secrets.envValue))));
    createSecret(
        new V1Secret()
            .metadata(
                new V1ObjectMeta()
                    .name(TOKEN_SECRET)
                    .annotations(Map.of("kubernetes.io/service-account.name", "default")))
            .type("kubernetes.io/service-account-token"));
    ResourceType secretType = server.store().resources().require("", "secrets");
    String token =
        await("the legacy service-account token filled in")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    server
                        .store()
                        .find(secretType, NAMESPACE, TOKEN_SECRET)
                        .map(s -> s.path("data").path("token").asText(""))
                        .orElse(""),
                t -> !t.isEmpty());
    secrets.plant(
        "a service-account token (legacy Secret)",
        new String(java.util.Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
  }

  /** The Secret a {@link Fate#WAITS_FOR_SECRET} pod waits for, created late. */
  void createWaitedForSecret(int index) {
    createSecret(
        new V1Secret()
            .metadata(new V1ObjectMeta().name(waitedSecretName(index)))
            .data(
                Map.of(
                    "value",
                    bytes(secrets.fresh("a Secret value used as env", "waited-" + index + "-")))));
  }

  // ------------------------------------------------------------------ the agent

  void startAgent() {
    Agent started =
        new Agent(
            new ClientBuilder()
                .setBasePath(server.url())
                .setAuthentication(new AccessTokenAuthentication(secrets.agentToken))
                .build(),
            cloud.ports(),
            new ArrayList<>(nodes),
            Agent.testSettings(),
            Agent.nodeSettings());
    agents.add(started);
    agent = started.start();
  }

  /** {@code kill -9} of the agent (the run starts the next one when it chooses). */
  void killAgent() {
    agent.kill();
  }

  // ------------------------------------------------------------------ the user's pods

  /** Creates the pod the plan describes; its uid. */
  String createPod(PodPlan plan) {
    ObjectNode created = server.create(JSON_CODEC.serialize(pod(plan)));
    return created.path("metadata").path("uid").asText();
  }

  /**
   * {@code kubectl delete pod}: graceful (the agent finishes it), or forced with grace 0 (gone at
   * once, the Cube left to the agent). A pod already gone is fine.
   */
  void deletePod(String name, boolean force) {
    try {
      server
          .store()
          .delete(pods, NAMESPACE, name, force ? DeleteOptions.now() : DeleteOptions.defaults());
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  boolean podExists(String name) {
    return server.store().find(pods, NAMESPACE, name).isPresent();
  }

  List<JsonNode> pods() {
    return List.copyOf(server.store().list(pods, NAMESPACE, p -> true));
  }

  /** Every event in every namespace (core/v1 and events.k8s.io/v1 share one storage). */
  List<JsonNode> events() {
    return List.copyOf(
        server.store().list(server.store().resources().require("", "events"), "", e -> true));
  }

  Optional<ObjectNode> node(String name) {
    return server.store().find(nodeObjects, "", name);
  }

  /**
   * Someone strips the Node's finalizer and deletes it. The agent's requests are slowed down
   * meanwhile, so both steps land before it could put its finalizer back (it would then take the
   * deletion for a real one and drain the node).
   */
  String removeNodeBehindTheAgentsBack(String name) {
    String uid = node(name).map(n -> n.path("metadata").path("uid").asText()).orElse("");
    server.faults().latency(Duration.ofMillis(300));
    try {
      server
          .store()
          .mutate(
              nodeObjects,
              "",
              name,
              "",
              n -> {
                ((ArrayNode) n.with("metadata").withArray("finalizers")).removeAll();
                return n;
              },
              false);
      server.store().delete(nodeObjects, "", name, DeleteOptions.defaults());
    } finally {
      server.faults().latency(Duration.ZERO);
    }
    return uid;
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
    cloud.close();
    server.close();
  }

  // ------------------------------------------------------------------ pods, as the plan says

  static String waitedSecretName(int index) {
    return "chaos-wait-" + index;
  }

  private V1Pod pod(PodPlan plan) {
    V1Container app = new V1Container().name("app").image("nginx:1.27");
    V1PodSpec spec = new V1PodSpec().nodeName(nodes.get(plan.node()).name()).addContainersItem(app);
    V1ObjectMeta meta = new V1ObjectMeta().name(plan.name()).namespace(NAMESPACE);
    switch (plan.fate()) {
      case COMPLETES -> {
        app.image("busybox:1.36").command(List.of("sh", "-c", "echo done"));
        spec.restartPolicy("Never");
      }
      case EXITS_WITH_ERROR -> {
        app.image("busybox:1.36").command(List.of("sh", "-c", "echo failing; exit 3"));
        spec.restartPolicy("Never");
      }
      case WAITS_FOR_SECRET ->
          app.addEnvItem(secretEnv("WAITED", waitedSecretName(plan.secret()), "value"));
      case BAD -> plan.traits().forEach(t -> makeBad(t, meta, spec, app));
      default -> {}
    }
    if (plan.pullSecret()) {
      app.image(PlantedSecrets.REGISTRY + "/team/app:1");
      spec.addImagePullSecretsItem(new V1LocalObjectReference().name(PULL_SECRET));
    }
    if (plan.tokenVolume()) {
      spec.addVolumesItem(
          new V1Volume()
              .name("legacy-token")
              .secret(new V1SecretVolumeSource().secretName(TOKEN_SECRET)));
      app.addVolumeMountsItem(
          new V1VolumeMount().name("legacy-token").mountPath("/var/run/legacy-token"));
    }
    if (plan.envSecret()) {
      app.addEnvItem(secretEnv("DB_PASSWORD", ENV_SECRET, "password"));
    }
    return new V1Pod().apiVersion("v1").kind("Pod").metadata(meta).spec(spec);
  }

  private static void makeBad(BadTrait trait, V1ObjectMeta meta, V1PodSpec spec, V1Container app) {
    switch (trait) {
      case UNSUPPORTED_VOLUME -> {
        spec.addVolumesItem(
            new V1Volume().name("host").hostPath(new V1HostPathVolumeSource().path("/var/run")));
        app.addVolumeMountsItem(new V1VolumeMount().name("host").mountPath("/host"));
      }
      case BAD_ANNOTATION -> meta.putAnnotationsItem("cube.ucloud.cn/cube-chargetype", "weekly");
      case SIZE_TOO_BIG ->
          app.resources(
              new V1ResourceRequirements()
                  .requests(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"))));
      case TOO_MANY_CONTAINERS ->
          IntStream.range(1, 4)
              .forEach(
                  i -> spec.addContainersItem(new V1Container().name("side" + i).image("busybox")));
      case HOST_NETWORK -> spec.hostNetwork(true);
    }
  }

  private static V1EnvVar secretEnv(String name, String secret, String key) {
    return new V1EnvVar()
        .name(name)
        .valueFrom(
            new V1EnvVarSource().secretKeyRef(new V1SecretKeySelector().name(secret).key(key)));
  }

  private void createSecret(V1Secret secret) {
    secret.apiVersion("v1").kind("Secret").getMetadata().namespace(NAMESPACE);
    server.create(JSON_CODEC.serialize(secret));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
