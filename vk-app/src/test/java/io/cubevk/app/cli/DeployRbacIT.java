package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/'s RBAC is exactly what the agent needs: an agent scenario (nodes register, pods with
 * secrets, configMaps, claims and tokens run, are deleted, a node is deleted) over the in-process
 * API server, and every request the agent made must be granted, every grant used.
 */
class DeployRbacIT {

  static final Path DEPLOY = Path.of("..", "deploy");
  static final String NODE_A = "uk8s-abcd1234-vk-aaaaa";
  static final String NODE_B = "uk8s-abcd1234-vk-bbbbb";
  private static final Duration AT_MOST = Duration.ofSeconds(40);

  @TempDir Path dir;
  private AgentHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theAgentUsesExactlyWhatDeployRbacGrants() throws Exception {
    harness =
        new AgentHarness(
            dir,
            """
            clusterId: uk8s-abcd1234
            region: cn-bj2
            zone: cn-bj2-05
            vpcId: uvnet-abc
            subnetId: subnet-def
            clusterDns: {ip: 10.96.0.10, domain: cluster.local}
            nodes:
              - name: %s
              - name: %s
                clusterIpSupport: true
            """
                .formatted(NODE_A, NODE_B));
    create(
        """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app"}}""",
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"app"},
         "data":{"password":"czNjcmV0"}}""",
        """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"app"},
         "data":{"app.conf":"debug=false"}}""",
        """
        {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"share"},
         "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany"],
                 "nfs":{"server":"10.0.0.9","path":"/exports/share"},
                 "claimRef":{"namespace":"app","name":"data"}}}""",
        """
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"app"},
         "spec":{"accessModes":["ReadWriteMany"],"resources":{"requests":{"storage":"10Gi"}},
                 "volumeName":"share","storageClassName":""}}""",
        """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"backend","namespace":"app"},
         "spec":{"ports":[{"port":80}],"selector":{"app":"backend"}}}""");
    bound("persistentvolumes", "", "share");
    bound("persistentvolumeclaims", "app", "data");
    harness.startAgent();

    create(
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"app"},
         "spec":{"nodeName":"%s",
           "containers":[{"name":"c","image":"uhub.ucloud-global.com/ucloud/nginx:latest",
             "env":[{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}],
             "volumeMounts":[{"name":"conf","mountPath":"/etc/app"},{"name":"data","mountPath":"/data"}]}],
           "volumes":[{"name":"conf","configMap":{"name":"settings"}},
                      {"name":"data","persistentVolumeClaim":{"claimName":"data"}}]}}"""
            .formatted(NODE_A),
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p2","namespace":"app"},
         "spec":{"nodeName":"%s",
           "containers":[{"name":"c","image":"uhub.ucloud-global.com/ucloud/nginx:latest"}]}}"""
            .formatted(NODE_B));
    await()
        .atMost(AT_MOST)
        .until(() -> "Running".equals(phase("p1")) && "Running".equals(phase("p2")));
    // The kubelet API: a user's pods/log through the API server (its client certificate, then a
    // SubjectAccessReview), and a bearer token straight at the kubelet port (a TokenReview).
    await()
        .atMost(AT_MOST)
        .ignoreExceptions()
        .until(() -> proxiedLog("app", "p2").contains("fake-cube"));
    String viewer = "viewer-token";
    harness.server.addToken(viewer, "viewer", List.of());
    assertThat(straightAtTheKubelet(NODE_B, "/pods", viewer)).isEqualTo(403);
    // A pod waiting for two Secrets; one appears and goes again: the first warning comes back,
    // and the recorder counts it on the Event it wrote (a patch), as kubelet's does.
    create(
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p3","namespace":"app"},
         "spec":{"nodeName":"%s","automountServiceAccountToken":false,
           "containers":[{"name":"c","image":"uhub.ucloud-global.com/ucloud/nginx:latest",
             "env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"s1","key":"a"}}},
                    {"name":"B","valueFrom":{"secretKeyRef":{"name":"s2","key":"b"}}}]}]}}"""
            .formatted(NODE_A));
    await().atMost(AT_MOST).until(() -> eventsAbout("p3") == 1);
    create(
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","namespace":"app"},
         "data":{"a":"YQ=="}}""");
    await().atMost(AT_MOST).until(() -> eventsAbout("p3") == 2);
    harness.server.store().delete(type("secrets"), "app", "s1", DeleteOptions.defaults());
    await()
        .atMost(AT_MOST)
        .until(() -> harness.server.requestLog().count(RequestLog.verbOn("patch", "events")) > 0);
    harness.server.store().delete(type("pods"), "app", "p3", DeleteOptions.now());

    harness.server.store().delete(type("pods"), "app", "p1", DeleteOptions.defaults());
    await().atMost(AT_MOST).until(() -> phase("p1") == null);
    harness.server.store().delete(type("nodes"), "", NODE_B, DeleteOptions.defaults());
    await()
        .atMost(AT_MOST)
        .until(() -> harness.server.store().find(type("nodes"), "", NODE_B).isEmpty());
    // A lease is renewed (updated) 10 s after it was created: a quick run ends before that.
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                harness
                        .server
                        .requestLog()
                        .count(
                            r ->
                                r.user().equals(AgentHarness.AGENT_USER)
                                    && RequestLog.verbOn("update", "leases").test(r))
                    > 0);
    harness.stopAgent();

    List<RecordedRequest> requests =
        harness.server.requestLog().matching(RequestLog.byUser(AgentHarness.AGENT_USER));
    Rbac rbac = Rbac.read(DEPLOY.resolve("rbac.yaml"));

    assertThat(requests).allSatisfy(r -> assertThat(r.code()).isLessThan(500));
    assertThat(requests)
        .as("every request of the agent is granted by deploy/rbac.yaml")
        .allSatisfy(r -> assertThat(rbac.grants(r)).as(describe(r)).isTrue());
    assertThat(rbac.grantsUnusedBy(requests))
        .as("deploy/rbac.yaml grants nothing the agent never did")
        .isEmpty();
    assertThat(rbac.subjects()).containsOnly("ServiceAccount cube-vk-system/cube-vk");
  }

  @Test
  void theRulesWouldCatchAMissingGrantAndAnUnusedOne() throws IOException {
    Rbac rbac = Rbac.read(DEPLOY.resolve("rbac.yaml"));
    RecordedRequest getSecret = request("get", "", "secrets", "", "app", "db");
    RecordedRequest getNodeSet = request("get", "", "configmaps", "", "cube-vk-system", "cube-vk");
    RecordedRequest getOtherConfigMap =
        request("get", "", "configmaps", "", "cube-vk-system", "other");
    RecordedRequest leaseElsewhere =
        request("get", "coordination.k8s.io", "leases", "", "default", "x");

    assertThat(rbac.grants(getSecret)).isFalse();
    assertThat(rbac.grants(getNodeSet)).isTrue();
    assertThat(rbac.grants(getOtherConfigMap)).isFalse();
    assertThat(rbac.grants(leaseElsewhere)).isFalse();
    assertThat(rbac.grantsUnusedBy(List.of(getNodeSet)))
        .contains("patch events (ClusterRole cube-vk)")
        .doesNotContain("get configmaps [cube-vk] in cube-vk-system (Role cube-vk-node-set)");
  }

  @Test
  void kustomizeRendersTheBaseWithEveryPieceInItsNamespace() throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(kubectl), "kubectl is not installed here");
    Process p =
        new ProcessBuilder(kubectl.toString(), "kustomize", DEPLOY.toString())
            .redirectErrorStream(true)
            .start();
    String rendered =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(rendered).isZero();

    assertThat(allKinds(rendered))
        .contains(
            "Namespace cube-vk-system",
            "ServiceAccount cube-vk-system/cube-vk",
            "ClusterRole cube-vk",
            "ClusterRoleBinding cube-vk",
            "Role kube-node-lease/cube-vk-node-leases",
            "RoleBinding kube-node-lease/cube-vk-node-leases",
            "Role cube-vk-system/cube-vk-node-set",
            "RoleBinding cube-vk-system/cube-vk-node-set",
            "ConfigMap cube-vk-system/cube-vk",
            "Secret cube-vk-system/cube-vk-ucloud",
            "Deployment cube-vk-system/cube-vk");
    assertThat(rendered).contains("- run").contains("--config-map=cube-vk-system/cube-vk");
  }

  @SuppressWarnings("unchecked")
  private static List<String> allKinds(String rendered) {
    List<String> kinds = new java.util.ArrayList<>();
    for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(rendered)) {
      java.util.Map<String, Object> m = (java.util.Map<String, Object>) doc;
      java.util.Map<String, Object> meta = (java.util.Map<String, Object>) m.get("metadata");
      Object ns = meta.get("namespace");
      kinds.add(m.get("kind") + " " + (ns == null ? "" : ns + "/") + meta.get("name"));
    }
    return kinds;
  }

  private static RecordedRequest request(
      String verb, String group, String resource, String subresource, String ns, String name) {
    return new RecordedRequest(
        java.time.Instant.EPOCH,
        "GET",
        "/",
        "",
        verb,
        group,
        "v1",
        resource,
        subresource,
        ns,
        name,
        AgentHarness.AGENT_USER,
        200,
        Duration.ZERO);
  }

  private static String describe(RecordedRequest r) {
    return r.verb()
        + " "
        + (r.apiGroup().isEmpty() ? "" : r.apiGroup() + "/")
        + r.resourcePath()
        + (r.namespace().isEmpty() ? "" : " in " + r.namespace())
        + (r.name().isEmpty() ? "" : " named " + r.name());
  }

  /** {@code kubectl logs} as the admin: through the API server's kubelet proxy. */
  private String proxiedLog(String namespace, String pod) throws Exception {
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.net.http.HttpResponse<String> r =
          KubeletClients.trusting(harness.server.caCertificatePem(), executor)
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              harness.server.url()
                                  + "/api/v1/namespaces/"
                                  + namespace
                                  + "/pods/"
                                  + pod
                                  + "/log"))
                      .header("Authorization", "Bearer " + harness.server.adminToken())
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    } finally {
      executor.shutdownNow();
    }
  }

  /** A request with a bearer token at the node's kubelet port; returns the status code. */
  private int straightAtTheKubelet(String node, String path, String token) throws Exception {
    int port =
        harness
            .server
            .get("v1", "Node", "", node)
            .path("status")
            .path("daemonEndpoints")
            .path("kubeletEndpoint")
            .path("Port")
            .asInt();
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return KubeletClients.trusting(harness.server.caCertificatePem(), executor)
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("https://127.0.0.1:" + port + path))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } finally {
      executor.shutdownNow();
    }
  }

  private ResourceType type(String plural) {
    return harness.server.store().resources().all().stream()
        .filter(t -> t.plural().equals(plural))
        .findFirst()
        .orElseThrow();
  }

  private void create(String... json) {
    for (String j : json) {
      harness.server.create(j);
    }
  }

  private void bound(String plural, String namespace, String name) {
    harness
        .server
        .store()
        .mutate(
            type(plural),
            namespace,
            name,
            "status",
            c -> {
              c.putObject("status").put("phase", "Bound");
              return c;
            },
            false);
  }

  private long eventsAbout(String pod) {
    return harness
        .server
        .store()
        .list(
            type("events"), "app", e -> e.path("involvedObject").path("name").asText().equals(pod))
        .size();
  }

  private String phase(String pod) {
    return harness
        .server
        .store()
        .find(type("pods"), "app", pod)
        .map(p -> p.path("status").path("phase").asText(""))
        .orElse(null);
  }
}
