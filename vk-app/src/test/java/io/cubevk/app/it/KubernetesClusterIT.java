package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.k8s.cluster.KubernetesCluster;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClaimState;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.ObservedNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1CSIPersistentVolumeSource;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.util.ClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client-java adapter on its own, against the in-process API server: what each port promises
 * (minimal writes, optimistic concurrency, uid preconditions, scoped informers, aggregation).
 */
class KubernetesClusterIT extends ClusterHarness {

  private KubernetesCluster cluster;

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private KubernetesCluster started(boolean serviceLinks) {
    cluster = KubernetesCluster.builder(agentClient()).serviceLinks(serviceLinks).build();
    cluster.start();
    cluster.serveNode(node.name());
    await().atMost(AT_MOST).until(cluster::hasSynced);
    return cluster;
  }

  @Test
  void podsAreWatchedOnlyForTheServedNodeWithTheSelectorOnListAndWatch() {
    started(false);
    V1Pod mine = create(onNode(nginx("mine")));
    V1Pod other = nginx("elsewhere");
    other.getSpec().nodeName("some-real-node");
    create(other);

    await().atMost(AT_MOST).until(() -> cluster.get(uid(mine)).isPresent());
    assertThat(cluster.find(NAMESPACE, "elsewhere")).isEmpty();
    assertThat(cluster.podsOn(node.name())).extracting(PodView::name).containsExactly("mine");
    List<RecordedRequest> podRequests =
        server
            .requestLog()
            .matching(
                r ->
                    r.user().equals(AGENT_USER)
                        && r.resource().equals("pods")
                        && (r.verb().equals("list") || r.verb().equals("watch")));
    assertThat(podRequests).extracting(RecordedRequest::verb).contains("list", "watch");
    assertThat(podRequests)
        .allSatisfy(
            r -> assertThat(r.query()).contains("fieldSelector=spec.nodeName%3D" + node.name()));
  }

  @Test
  void aStatusIsWrittenOnceAndTheSameStatusAgainSendsNothing() {
    started(false);
    create(onNode(nginx("status")));
    await().atMost(AT_MOST).until(() -> cluster.find(NAMESPACE, "status").isPresent());
    PodView pod = cluster.find(NAMESPACE, "status").orElseThrow();
    var failed = StatusMapping.rejected(pod, "NodeDisabled", "virtual node is disabled");

    boolean first = cluster.write(pod, failed);
    boolean again = cluster.write(pod, failed); // before the informer has seen the first write
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster
                    .find(NAMESPACE, "status")
                    .flatMap(PodView::phase)
                    .filter(PodPhase.FAILED::equals)
                    .isPresent());
    boolean afterInformer = cluster.write(cluster.find(NAMESPACE, "status").orElseThrow(), failed);

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(afterInformer).isFalse();
    assertThat(agentRequests("status", RequestLog.verbOn("patch", "pods/status")::test))
        .isEqualTo(1);
    assertThat(pod("status").orElseThrow().getStatus().getReason()).isEqualTo("NodeDisabled");
  }

  @Test
  void deletingAPodByUidLeavesAPodRecreatedUnderTheSameNameAlone() {
    started(false);
    V1Pod old = create(onNode(nginx("same-name")));
    forceDelete("same-name");
    V1Pod replacement = create(onNode(nginx("same-name")));

    cluster.deleteNow(NAMESPACE, "same-name", uid(old));

    assertThat(pod("same-name"))
        .map(p -> p.getMetadata().getUid())
        .contains(replacement.getMetadata().getUid());
    cluster.deleteNow(NAMESPACE, "same-name", uid(replacement));
    assertThat(pod("same-name")).isEmpty();
    cluster.deleteNow(NAMESPACE, "same-name", uid(replacement)); // already gone: done
  }

  @Test
  void registeringAdoptsAUsersNodeKeepingItsLabelsAndCordon() throws Exception {
    started(false);
    user.createNode(
            new V1Node()
                .metadata(new V1ObjectMeta().name(node.name()).labels(Map.of("team", "a")))
                .spec(new V1NodeSpec().unschedulable(true)))
        .execute();

    ObservedNode adopted =
        cluster.register(node.describe(Optional.empty(), 10250, true), NodeSettings.FINALIZER);

    assertThat(adopted.unschedulable()).isTrue();
    assertThat(adopted.labels())
        .containsEntry("team", "a")
        .containsEntry("type", "virtual-kubelet");
    assertThat(adopted.finalizers()).contains(NodeSettings.FINALIZER);
    ObservedNode again =
        cluster.register(node.describe(Optional.empty(), 10250, true), NodeSettings.FINALIZER);
    assertThat(again.uid()).isEqualTo(adopted.uid());
    assertThat(
            server
                .requestLog()
                .count(
                    r ->
                        r.user().equals(AGENT_USER)
                            && r.verb().equals("update")
                            && r.resource().equals("nodes")))
        .as("the second registration found nothing to change")
        .isEqualTo(1);

    cluster.removeFinalizer(node.name(), NodeSettings.FINALIZER);
    assertThat(nodeObject(node.name()).orElseThrow().getMetadata().getFinalizers())
        .doesNotContain(NodeSettings.FINALIZER);
  }

  @Test
  void aLeaseChangedBySomeoneElseIsReadAgainAndRenewed() throws Exception {
    started(false);
    cluster.register(node.describe(Optional.empty(), 10250, true), NodeSettings.FINALIZER);
    cluster.renew(node.name(), Duration.ofSeconds(40));
    CoordinationV1Api leases =
        new CoordinationV1Api(new ClientBuilder().setBasePath(server.url()).build());
    OffsetDateTime foreign = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    V1Lease lease = leases.readNamespacedLease(node.name(), "kube-node-lease").execute();
    lease.getSpec().renewTime(foreign);
    leases.replaceNamespacedLease(node.name(), "kube-node-lease", lease).execute();

    cluster.renew(node.name(), Duration.ofSeconds(40));

    V1Lease renewed = leases.readNamespacedLease(node.name(), "kube-node-lease").execute();
    assertThat(renewed.getSpec().getRenewTime()).isNotEqualTo(foreign);
    assertThat(renewed.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
    assertThat(
            server
                .requestLog()
                .count(
                    r ->
                        r.user().equals(AGENT_USER)
                            && r.resource().equals("leases")
                            && r.code() == 409))
        .isEqualTo(1);
  }

  @Test
  void aTokenIsBoundToThePodAndAMissingServiceAccountIsNotFound() {
    started(false);
    V1Pod pod = create(onNode(nginx("with-token")));

    ProjectedToken token =
        cluster.request(NAMESPACE, "default", "", Duration.ofHours(1), "with-token", uid(pod));

    assertThat(token.token()).isNotBlank();
    assertThat(token.expiresAt()).isPresent();
    assertThat(token.toString()).doesNotContain(token.token());
    assertThatThrownBy(
            () ->
                cluster.request(
                    NAMESPACE, "nobody", "", Duration.ofHours(1), "with-token", uid(pod)))
        .isInstanceOf(ClusterFailure.NotFound.class)
        .hasMessageContaining("serviceaccounts/token default/nobody");
  }

  @Test
  void aRepeatedEventIsOneEventWithACount() {
    started(false);
    V1Pod pod = create(onNode(nginx("noisy")));
    ObjectRef ref = ObjectRef.pod(NAMESPACE, "noisy", pod.getMetadata().getUid());
    // As in the engine, events are about pods the adapter has seen (their node is the source).
    await().atMost(AT_MOST).until(() -> cluster.get(uid(pod)).isPresent());

    cluster.warning(ref, "BackOff", "Back-off restarting failed container");
    cluster.warning(ref, "BackOff", "Back-off restarting failed container");
    cluster.warning(ref, "BackOff", "Back-off restarting failed container");

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("noisy").stream()
                    .map(CoreV1Event::getCount)
                    .anyMatch(c -> c != null && c == 3));
    List<CoreV1Event> events = eventsAbout("noisy");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getSource().getHost()).isEqualTo(node.name());
    assertThat(events.get(0).getType()).isEqualTo("Warning");
  }

  @Test
  void inputsComeFromCachesAndServiceLinksOnlyWhenAskedFor() throws Exception {
    started(true);
    user.createNamespacedSecret(
            NAMESPACE,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("db"))
                .data(Map.of("password", "s3cret".getBytes(StandardCharsets.UTF_8))))
        .execute();
    user.createNamespacedService(
            NAMESPACE,
            new V1Service()
                .metadata(new V1ObjectMeta().name("redis"))
                .spec(new V1ServiceSpec().ports(List.of(new V1ServicePort().port(6379)))))
        .execute();
    InputReferences refs =
        new InputReferences(
            new TreeSet<>(List.of("db", "missing")),
            new TreeSet<>(),
            new TreeSet<>(List.of("claim")),
            new TreeMap<>());

    await()
        .atMost(AT_MOST)
        .until(
            () -> {
              // Each kind has its own informer: the Secret may arrive after the Service.
              TranslationInputs seen = cluster.lookUp(NAMESPACE, refs, true);
              return seen.serviceEnvironment().containsKey("REDIS_SERVICE_HOST")
                  && seen.secrets().containsKey("db");
            });
    TranslationInputs inputs = cluster.lookUp(NAMESPACE, refs, true);

    assertThat(inputs.secrets()).containsOnlyKeys("db");
    assertThat(inputs.secrets().get("db").data().get("password").utf8()).isEqualTo("s3cret");
    assertThat(inputs.secrets().get("db")).isInstanceOf(SecretData.class);
    assertThat(inputs.claims()).isEmpty();
    assertThat(inputs.serviceEnvironment())
        .containsKeys("REDIS_SERVICE_HOST", "KUBERNETES_SERVICE_HOST");
    assertThat(cluster.lookUp(NAMESPACE, refs, false).serviceEnvironment()).isEmpty();
    assertThat(
            server
                .requestLog()
                .count(
                    r ->
                        r.user().equals(AGENT_USER)
                            && r.verb().equals("get")
                            && (r.resource().equals("secrets") || r.resource().equals("services"))))
        .as("lookups never GET")
        .isZero();
  }

  @Test
  void theApiServerEndpointIsReadFromTheKubernetesEndpointsWithoutWatchingServices() {
    started(false);

    await().atMost(AT_MOST).until(() -> cluster.apiServerEndpoint().isPresent());

    URI url = URI.create(server.url());
    assertThat(cluster.apiServerEndpoint())
        .contains(new ApiServerEndpoint(url.getHost(), url.getPort()));
    assertThat(
            server
                .requestLog()
                .count(r -> r.user().equals(AGENT_USER) && r.resource().equals("services")))
        .as("no Service is listed or watched without cluster-IP support")
        .isZero();
    assertThat(
            server
                .requestLog()
                .matching(r -> r.user().equals(AGENT_USER) && r.resource().equals("endpoints")))
        .allSatisfy(
            r -> assertThat(r.query()).contains("fieldSelector=metadata.name%3Dkubernetes"));
  }

  @Test
  void volumesAreFoundByHandleAndPendingClaimsSayWhetherTheyWaitForAConsumer() throws Exception {
    started(false);
    StorageV1Api storage = new StorageV1Api(user.getApiClient());
    storage
        .createStorageClass(
            new V1StorageClass()
                .metadata(new V1ObjectMeta().name("udisk-wait"))
                .provisioner("example.com/nobody")
                .volumeBindingMode("WaitForFirstConsumer"))
        .execute();
    user.createPersistentVolume(
            new V1PersistentVolume()
                .metadata(new V1ObjectMeta().name("pv-kept"))
                .spec(
                    new V1PersistentVolumeSpec()
                        .capacity(Map.of("storage", Quantity.fromString("20Gi")))
                        .accessModes(List.of("ReadWriteOnce"))
                        .persistentVolumeReclaimPolicy("Retain")
                        .csi(
                            new V1CSIPersistentVolumeSource()
                                .driver(PersistentVolumeFacts.UDISK_CSI_DRIVER)
                                .volumeHandle("bsm-kept")
                                .fsType("xfs")
                                .volumeAttributes(Map.of("type", "ssd")))))
        .execute();
    user.createNamespacedPersistentVolumeClaim(
            NAMESPACE,
            new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name("later"))
                .spec(
                    new V1PersistentVolumeClaimSpec()
                        .storageClassName("udisk-wait")
                        .accessModes(List.of("ReadWriteOnce"))
                        .resources(
                            new V1VolumeResourceRequirements()
                                .requests(Map.of("storage", Quantity.fromString("20Gi"))))))
        .execute();
    InputReferences refs =
        new InputReferences(
            new TreeSet<>(), new TreeSet<>(), new TreeSet<>(List.of("later")), new TreeMap<>());

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster
                        .persistentVolume(PersistentVolumeFacts.UDISK_CSI_DRIVER, "bsm-kept")
                        .isPresent()
                    && cluster
                        .lookUp(NAMESPACE, refs, false)
                        .claims()
                        .getOrDefault("later", new ClaimState.Pending(false))
                        .equals(new ClaimState.Pending(true)));

    assertThat(cluster.persistentVolume(PersistentVolumeFacts.UDISK_CSI_DRIVER, "bsm-kept"))
        .contains(
            PersistentVolumeFacts.udisk(
                "pv-kept", "bsm-kept", "xfs", "Retain", Optional.of("ssd")));
    assertThat(cluster.persistentVolume(PersistentVolumeFacts.UDISK_CSI_DRIVER, "bsm-other"))
        .isEmpty();
    assertThat(cluster.persistentVolume("nfs.csi.k8s.io", "bsm-kept")).isEmpty();
  }

  private void forceDelete(String name) {
    try {
      user.deleteNamespacedPod(name, NAMESPACE)
          .gracePeriodSeconds(0)
          .buildCall(null)
          .execute()
          .close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    await().atMost(AT_MOST).until(() -> pod(name).isEmpty());
  }
}
