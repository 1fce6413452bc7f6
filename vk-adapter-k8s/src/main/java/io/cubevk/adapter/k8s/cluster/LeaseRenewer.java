package io.cubevk.adapter.k8s.cluster;

import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Node Leases in {@code kube-node-lease}, renewed as kubelet does: the last Lease written is kept
 * and replaced with a new renew time (one request per renewal); on a conflict (someone else wrote
 * it) or when none is known, it is read again first. The Lease is owned by its Node, so deleting
 * the Node garbage-collects it.
 */
final class LeaseRenewer implements NodeLeases {

  static final String NAMESPACE = "kube-node-lease";
  private static final int ATTEMPTS = 3;

  private final Requests requests;
  private final CoordinationV1Api coordination;
  private final Clock clock;
  private final Function<String, Optional<String>> nodeUid;
  private final Map<String, V1Lease> last = new ConcurrentHashMap<>();

  LeaseRenewer(
      Requests requests,
      CoordinationV1Api coordination,
      Clock clock,
      Function<String, Optional<String>> nodeUid) {
    this.requests = requests;
    this.coordination = coordination;
    this.clock = clock;
    this.nodeUid = nodeUid;
  }

  @Override
  public void renew(String nodeName, Duration leaseDuration) {
    ClusterFailure failure = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      V1Lease lease = last.get(nodeName);
      try {
        if (lease == null) {
          lease = read(nodeName).orElse(null);
        }
        V1Lease renewed;
        if (lease == null) {
          V1Lease fresh = renewed(new V1Lease(), nodeName, leaseDuration);
          renewed =
              requests.execute(
                  "POST leases " + NAMESPACE + "/" + nodeName,
                  () -> coordination.createNamespacedLease(NAMESPACE, fresh).buildCall(null),
                  V1Lease.class);
        } else {
          V1Lease next = renewed(lease, nodeName, leaseDuration);
          renewed =
              requests.execute(
                  "PUT leases " + NAMESPACE + "/" + nodeName,
                  () ->
                      coordination
                          .replaceNamespacedLease(nodeName, NAMESPACE, next)
                          .buildCall(null),
                  V1Lease.class);
        }
        last.put(nodeName, renewed);
        return;
      } catch (ClusterFailure.Conflict | ClusterFailure.NotFound e) {
        // Someone else wrote it, or it was deleted: start again from what the server has.
        last.remove(nodeName);
        failure = e;
      } catch (ClusterFailure e) {
        last.remove(nodeName);
        throw e;
      }
    }
    throw failure;
  }

  private Optional<V1Lease> read(String nodeName) {
    try {
      return Optional.of(
          requests.<V1Lease>execute(
              "GET leases " + NAMESPACE + "/" + nodeName,
              () -> coordination.readNamespacedLease(nodeName, NAMESPACE).buildCall(null),
              V1Lease.class));
    } catch (ClusterFailure.NotFound e) {
      return Optional.empty();
    }
  }

  private V1Lease renewed(V1Lease lease, String nodeName, Duration duration) {
    V1ObjectMeta meta = lease.getMetadata() == null ? new V1ObjectMeta() : lease.getMetadata();
    meta.name(nodeName).namespace(NAMESPACE);
    Optional<String> uid = nodeUid.apply(nodeName);
    if (uid.isPresent()
        && (meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty())) {
      meta.ownerReferences(
          new ArrayList<>(
              List.of(
                  new V1OwnerReference()
                      .apiVersion("v1")
                      .kind("Node")
                      .name(nodeName)
                      .uid(uid.get()))));
    }
    V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
    spec.holderIdentity(nodeName)
        .leaseDurationSeconds((int) duration.toSeconds())
        .renewTime(clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    return lease.apiVersion("coordination.k8s.io/v1").kind("Lease").metadata(meta).spec(spec);
  }
}
