package io.cubevk.app.it;

import static io.cubevk.app.it.CubeDocuments.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.decision.PodDecision;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1EndpointAddress;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDNSConfig;
import io.kubernetes.client.openapi.models.V1PodDNSConfigOption;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster-IP support end to end (issue 10), a per-node setting: on, the agent watches Services and
 * gives Cubes kubelet's service-link variables and the cluster DNS; off (the default, as the seed
 * recommends), it never lists or watches a Service, points {@code KUBERNETES_SERVICE_*} at the API
 * server's real endpoint and leaves Cubes on the VPC's resolver.
 */
class ClusterIpSupportIT extends ClusterHarness {

  static final String DNS_IP = "10.96.0.10";

  private String redisIp;

  /** What a UK8S cluster has: a DNS Service in kube-system, and a Service of the user's. */
  @BeforeEach
  void createServices() throws ApiException {
    user.createNamespacedService(
            "kube-system",
            new V1Service()
                .metadata(new V1ObjectMeta().name("kube-dns"))
                .spec(
                    new V1ServiceSpec()
                        .clusterIP(DNS_IP)
                        .ports(
                            List.of(
                                new V1ServicePort().name("dns").port(53).protocol("UDP"),
                                new V1ServicePort().name("dns-tcp").port(53).protocol("TCP")))))
        .execute();
    V1Service redis =
        user.createNamespacedService(
                NAMESPACE,
                new V1Service()
                    .metadata(new V1ObjectMeta().name("redis"))
                    .spec(
                        new V1ServiceSpec()
                            .ports(List.of(new V1ServicePort().port(6379).protocol("TCP")))))
            .execute();
    redisIp = redis.getSpec().getClusterIP();
  }

  @Test
  void onANodeWithClusterIpSupportCubesGetServiceLinksAndTheClusterDns() {
    VirtualNode withClusterIps =
        new VirtualNode.Builder().from(node).clusterIpSupport(true).build();
    startAgent(Agent.testSettings(), Agent.nodeSettings(), true, withClusterIps);
    V1Pod linked = onNode(nginx("linked"));
    V1Pod unlinked = onNode(nginx("unlinked"));
    unlinked.getSpec().enableServiceLinks(false);
    unlinked
        .getSpec()
        .dnsConfig(
            new V1PodDNSConfig()
                .searches(List.of("corp.example"))
                .options(List.of(new V1PodDNSConfigOption().name("ndots").value("2"))));

    V1Pod first = create(linked);
    V1Pod second = create(unlinked);
    awaitPhase("linked", "Running");
    awaitPhase("unlinked", "Running");

    CubeSpec cube = cubeOf(first).spec();
    assertThat(env(cube, "nginx"))
        .containsEntry("REDIS_SERVICE_HOST", redisIp)
        .containsEntry("REDIS_SERVICE_PORT", "6379")
        .containsEntry("REDIS_PORT", "tcp://" + redisIp + ":6379")
        .containsEntry("REDIS_PORT_6379_TCP_ADDR", redisIp)
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "443");
    assertThat(cube.dnsPolicy()).contains("None");
    CubeDnsConfig dns = cube.dnsConfig().orElseThrow();
    assertThat(dns.nameservers()).containsExactly(DNS_IP);
    assertThat(dns.searches())
        .containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(dns.options()).containsExactly(new CubeDnsConfig.Option("ndots", Optional.of("5")));

    CubeSpec other = cubeOf(second).spec();
    assertThat(env(other, "nginx"))
        .as("enableServiceLinks: false leaves only the master service's variables")
        .doesNotContainKeys("REDIS_SERVICE_HOST", "REDIS_PORT")
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    CubeDnsConfig appended = other.dnsConfig().orElseThrow();
    assertThat(appended.searches())
        .as("the pod's dnsConfig is appended to the cluster's")
        .containsExactly(
            "default.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example");
    assertThat(appended.options())
        .containsExactly(new CubeDnsConfig.Option("ndots", Optional.of("2")));

    assertThat(eventsAbout("linked")).noneMatch(e -> e.getMessage().contains("spec.dnsPolicy"));
    assertThat(server.requestLog().count(RequestLog.watchesOf("services")))
        .as("Services are watched when a node has cluster-IP support")
        .isPositive();
  }

  @Test
  void withoutClusterIpSupportCubesReachTheApiServersRealEndpointUseVpcDnsAndNoServiceIsWatched()
      throws ApiException {
    startAgent(node);
    V1EndpointAddress master =
        user.readNamespacedEndpoints("kubernetes", "default")
            .execute()
            .getSubsets()
            .get(0)
            .getAddresses()
            .get(0);

    V1Pod created = create(onNode(nginx("isolated")));
    awaitPhase("isolated", "Running");

    CubeSpec cube = cubeOf(created).spec();
    assertThat(master.getIp()).isEqualTo("127.0.0.1");
    assertThat(env(cube, "nginx"))
        .containsEntry("KUBERNETES_SERVICE_HOST", master.getIp())
        .containsEntry("KUBERNETES_SERVICE_PORT", String.valueOf(server.port()))
        .doesNotContainKeys("REDIS_SERVICE_HOST", "REDIS_PORT");
    assertThat(cube.dnsPolicy()).as("the VPC's resolver").isEmpty();
    assertThat(cube.dnsConfig()).isEmpty();
    await("a warning that Service names will not resolve")
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("isolated").stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "CubeWarning".equals(e.getReason())
                                && e.getMessage().contains("spec.dnsPolicy: ClusterFirst")));
    assertThat(server.requestLog().count(RequestLog.watchesOf("services"))).isZero();
    assertThat(
            server
                .requestLog()
                .count(r -> r.user().equals(AGENT_USER) && r.resource().equals("services")))
        .as("no Service list, watch or get by the agent")
        .isZero();
  }

  @Test
  void envFromThePodOrHostIpFailsThePodNamingTheFields() {
    startAgent(node);
    V1Pod pod = onNode(nginx("needs-ip"));
    pod.getSpec()
        .getContainers()
        .get(0)
        .env(
            List.of(
                new V1EnvVar().name("MY_IP").valueFrom(fieldRef("status.podIP")),
                new V1EnvVar().name("NODE_IP").valueFrom(fieldRef("status.hostIP"))));

    create(pod);

    awaitPhase("needs-ip", "Failed");
    V1PodStatus status = pod("needs-ip").orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(PodDecision.UNSUPPORTED_POD_SPEC);
    assertThat(status.getMessage())
        .contains("spec.containers[0].env[0].valueFrom.fieldRef")
        .contains("status.podIP")
        .contains("spec.containers[0].env[1].valueFrom.fieldRef")
        .contains("status.hostIP");
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  private static V1EnvVarSource fieldRef(String path) {
    return new V1EnvVarSource().fieldRef(new V1ObjectFieldSelector().fieldPath(path));
  }
}
