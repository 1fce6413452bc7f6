package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lease get/update with optimistic concurrency, and pod status patches, through client-java. */
class LeaseConflictIT {
  static KubeApiServer server;
  static ApiClient client;

  @BeforeAll
  static void start() {
    server = KubeApiServer.builder().https(false).start();
    client = Clients.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRenewalFromAStaleReadIsRefusedWithConflictAndSucceedsAfterRereading() throws Exception {
    CoordinationV1Api api = new CoordinationV1Api(client);
    api.createNamespacedLease(
            "kube-node-lease",
            new V1Lease()
                .metadata(new V1ObjectMeta().name("node-a"))
                .spec(new V1LeaseSpec().holderIdentity("node-a").leaseDurationSeconds(40)))
        .execute();
    V1Lease mine = api.readNamespacedLease("node-a", "kube-node-lease").execute();
    V1Lease theirs = api.readNamespacedLease("node-a", "kube-node-lease").execute();
    theirs.getSpec().setRenewTime(OffsetDateTime.now(ZoneOffset.UTC));
    api.replaceNamespacedLease("node-a", "kube-node-lease", theirs).execute();

    mine.getSpec().setRenewTime(OffsetDateTime.now(ZoneOffset.UTC));
    assertThatThrownBy(
            () -> api.replaceNamespacedLease("node-a", "kube-node-lease", mine).execute())
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              assertThat(((ApiException) e).getCode()).isEqualTo(409);
              assertThat(((ApiException) e).getResponseBody())
                  .contains(
                      "Operation cannot be fulfilled on leases.coordination.k8s.io \\\"node-a\\\"");
            });

    V1Lease fresh = api.readNamespacedLease("node-a", "kube-node-lease").execute();
    fresh.getSpec().setRenewTime(OffsetDateTime.now(ZoneOffset.UTC));
    V1Lease renewed = api.replaceNamespacedLease("node-a", "kube-node-lease", fresh).execute();
    assertThat(Long.parseLong(renewed.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(fresh.getMetadata().getResourceVersion()));
  }

  @Test
  void aStrategicMergeStatusPatchUpdatesOneConditionAndKeepsTheOthers() throws Exception {
    CoreV1Api core = new CoreV1Api(client);
    core.createNamespacedPod("default", ClientJavaInformerIT.pod("sp", "node-a")).execute();
    String first =
        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},"
            + "{\"type\":\"Initialized\",\"status\":\"True\"}]}}";
    patchStatus(core, first);
    V1Pod after =
        patchStatus(
            core, "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertThat(after.getStatus().getPhase()).isEqualTo("Running");
    assertThat(after.getStatus().getConditions()).hasSize(2);
    assertThat(after.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(server.requestLog().count(RequestLog.verbOn("patch", "pods/status"))).isEqualTo(2);
  }

  private static V1Pod patchStatus(CoreV1Api core, String patch) throws ApiException {
    return PatchUtils.patch(
        V1Pod.class,
        () -> core.patchNamespacedPodStatus("sp", "default", new V1Patch(patch)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
  }
}
