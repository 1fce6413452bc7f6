package io.cubevk.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.controllers.Controller;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.cloud.DiskInventory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's stand-in for the UDisk CSI driver's provisioner: a PersistentVolumeClaim of a
 * StorageClass with provisioner {@code udisk.csi.ucloud.cn} gets a new UDisk in the fake cloud and
 * a PersistentVolume bound to it, at once ({@code Immediate}) or once a pod using the claim is
 * bound to a node ({@code WaitForFirstConsumer}), as the seed's example expects. Nothing else of
 * the CSI driver (attach, resize, deletion on release) is imitated.
 */
final class SandboxDiskProvisioner implements Controller {

  static final String PROVISIONER = "udisk.csi.ucloud.cn";

  private static final Logger log = LoggerFactory.getLogger("cube-vk.sandbox");

  private final Store store;
  private final DiskInventory disks;
  private final ResourceType claims;
  private final ResourceType volumes;
  private final ResourceType classes;
  private final ResourceType pods;

  SandboxDiskProvisioner(Store store, DiskInventory disks) {
    this.store = store;
    this.disks = disks;
    this.claims = store.resources().require("", "persistentvolumeclaims");
    this.volumes = store.resources().require("", "persistentvolumes");
    this.classes = store.resources().require("storage.k8s.io", "storageclasses");
    this.pods = store.resources().require("", "pods");
  }

  @Override
  public String name() {
    return "sandbox udisk provisioner";
  }

  @Override
  public void onEvent(StoreEvent event, Consumer<String> enqueue) {
    if (event.type().equals("DELETED")) {
      return;
    }
    String plural = event.resource().plural();
    ObjectNode o = event.object();
    if (plural.equals("persistentvolumeclaims")) {
      enqueue.accept(Json.namespace(o) + "/" + Json.name(o));
    } else if (plural.equals("pods") && !o.path("spec").path("nodeName").asText("").isEmpty()) {
      for (JsonNode volume : o.path("spec").path("volumes")) {
        String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
        if (!claim.isEmpty()) {
          enqueue.accept(Json.namespace(o) + "/" + claim);
        }
      }
    }
  }

  @Override
  public void reconcile(String key) {
    String namespace = key.substring(0, key.indexOf('/'));
    String name = key.substring(key.indexOf('/') + 1);
    ObjectNode claim = store.find(claims, namespace, name).orElse(null);
    if (claim == null || !claim.path("spec").path("volumeName").asText("").isEmpty()) {
      return;
    }
    String className = claim.path("spec").path("storageClassName").asText("");
    ObjectNode storageClass = store.find(classes, "", className).orElse(null);
    if (storageClass == null || !PROVISIONER.equals(storageClass.path("provisioner").asText())) {
      return;
    }
    if ("WaitForFirstConsumer".equals(storageClass.path("volumeBindingMode").asText())
        && !aScheduledPodUses(namespace, name)) {
      return;
    }
    String disk = disks.create();
    String volumeName = "pvc-" + Json.uid(claim);
    ObjectNode pv = Json.object();
    Json.meta(pv).put("name", volumeName);
    Json.meta(pv).putObject("annotations").put("pv.kubernetes.io/provisioned-by", PROVISIONER);
    ObjectNode spec = pv.putObject("spec");
    spec.putObject("capacity")
        .put(
            "storage",
            claim.path("spec").path("resources").path("requests").path("storage").asText("10Gi"));
    spec.set("accessModes", claim.path("spec").path("accessModes").deepCopy());
    spec.put("persistentVolumeReclaimPolicy", storageClass.path("reclaimPolicy").asText("Delete"));
    spec.put("storageClassName", className);
    spec.put("volumeMode", "Filesystem");
    ObjectNode csi = spec.putObject("csi");
    csi.put("driver", PROVISIONER);
    csi.put("volumeHandle", disk);
    csi.put("fsType", storageClass.path("parameters").path("fsType").asText("ext4"));
    csi.putObject("volumeAttributes")
        .put("type", storageClass.path("parameters").path("type").asText("ssd"));
    ObjectNode ref = spec.putObject("claimRef");
    ref.put("apiVersion", "v1");
    ref.put("kind", "PersistentVolumeClaim");
    ref.put("namespace", namespace);
    ref.put("name", name);
    ref.put("uid", Json.uid(claim));
    try {
      store.create(volumes, "", pv, false);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
    setPhase(volumes, "", volumeName, "Bound");
    store.mutate(
        claims,
        namespace,
        name,
        "",
        c -> {
          ((ObjectNode) c.path("spec")).put("volumeName", volumeName);
          ObjectNode annotations = Json.meta(c).with("annotations");
          annotations.put("pv.kubernetes.io/bind-completed", "yes");
          annotations.put("volume.kubernetes.io/storage-provisioner", PROVISIONER);
          return c;
        },
        false);
    store.mutate(
        claims,
        namespace,
        name,
        "status",
        c -> {
          ObjectNode status = c.putObject("status");
          status.put("phase", "Bound");
          status.set("accessModes", c.path("spec").path("accessModes").deepCopy());
          status
              .putObject("capacity")
              .put("storage", spec.path("capacity").path("storage").asText());
          return c;
        },
        false);
    log.info("provisioned UDisk {} as {} for claim {}/{}", disk, volumeName, namespace, name);
  }

  private boolean aScheduledPodUses(String namespace, String claim) {
    return store
        .list(
            pods,
            namespace,
            pod ->
                !pod.path("spec").path("nodeName").asText("").isEmpty()
                    && pod.path("spec")
                        .path("volumes")
                        .findValuesAsText("claimName")
                        .contains(claim))
        .stream()
        .findAny()
        .isPresent();
  }

  private void setPhase(ResourceType type, String namespace, String name, String phase) {
    store.mutate(
        type,
        namespace,
        name,
        "status",
        c -> {
          c.putObject("status").put("phase", phase);
          return c;
        },
        false);
  }
}
