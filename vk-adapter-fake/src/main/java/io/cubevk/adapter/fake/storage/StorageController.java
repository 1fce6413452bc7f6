package io.cubevk.adapter.fake.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.controllers.Controller;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.LabelSelector;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.resources.Memory;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The PersistentVolume controller, the scheduler's volume binding and the UDisk CSI provisioner in
 * one level-triggered controller (see {@link UDiskProvisioner} for what it does). It runs on the
 * API server's controller worker, so its reconciles never race each other.
 */
final class StorageController implements Controller {

  static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
  static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
  static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
  static final String DEFAULT_FS = "ext4";
  private static final String ALL = "all";

  private final Store store;
  private final FakeCubeCloud cloud;
  private final StorageEvents events;
  private final ResourceType claims;
  private final ResourceType volumes;
  private final ResourceType classes;
  private final ResourceType pods;
  private final AtomicInteger provisioned = new AtomicInteger();

  StorageController(Store store, FakeCubeCloud cloud) {
    this.store = store;
    this.cloud = cloud;
    this.events = new StorageEvents(store);
    this.claims = store.resources().require("", "persistentvolumeclaims");
    this.volumes = store.resources().require("", "persistentvolumes");
    this.classes = store.resources().require("storage.k8s.io", "storageclasses");
    this.pods = store.resources().require("", "pods");
  }

  int provisioned() {
    return provisioned.get();
  }

  @Override
  public String name() {
    return "udisk-storage";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    ResourceType type = e.resource();
    ObjectNode object = e.object();
    if (type == claims) {
      enqueue.accept(claimKey(Json.namespace(object), Json.name(object)));
      String volume = object.path("spec").path("volumeName").asText("");
      if (e.type().equals("DELETED") && !volume.isEmpty()) {
        enqueue.accept("volume/" + volume);
      }
    } else if (type == volumes) {
      enqueue.accept("volume/" + Json.name(object));
      for (JsonNode pv : new JsonNode[] {object, e.previous()}) {
        if (pv != null && pv.path("spec").has("claimRef")) {
          JsonNode ref = pv.path("spec").path("claimRef");
          enqueue.accept(claimKey(ref.path("namespace").asText(), ref.path("name").asText()));
        }
      }
    } else if (type == classes) {
      enqueue.accept("class/" + Json.name(object));
    } else if (type == pods) {
      // A pod scheduled with a claim (WaitForFirstConsumer), and a pod gone or finished (claim
      // protection) matter to the claims it names.
      Set<String> named = new HashSet<>(claimNames(object));
      if (e.previous() != null) {
        named.addAll(claimNames(e.previous()));
      }
      named.forEach(c -> enqueue.accept(claimKey(Json.namespace(object), c)));
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    enqueue.accept(ALL);
  }

  @Override
  public void reconcile(String key) {
    if (key.equals(ALL)) {
      store.list(volumes, "", v -> true).forEach(v -> reconcileVolume(Json.name(v)));
      store
          .list(claims, null, c -> true)
          .forEach(c -> reconcileClaim(Json.namespace(c), Json.name(c)));
    } else if (key.startsWith("class/")) {
      String name = key.substring("class/".length());
      store
          .list(claims, null, c -> className(c).equals(name) && unbound(c))
          .forEach(c -> reconcileClaim(Json.namespace(c), Json.name(c)));
    } else if (key.startsWith("volume/")) {
      reconcileVolume(key.substring("volume/".length()));
    } else if (key.startsWith("claim/")) {
      String rest = key.substring("claim/".length());
      int slash = rest.indexOf('/');
      reconcileClaim(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }

  // ---------------------------------------------------------------- claims

  private void reconcileClaim(String namespace, String name) {
    Optional<ObjectNode> found = store.find(claims, namespace, name);
    if (found.isEmpty()) {
      return;
    }
    ObjectNode claim = found.get();
    if (claim.path("metadata").has("deletionTimestamp")) {
      releaseProtection(claim);
      return;
    }
    String volumeName = claim.path("spec").path("volumeName").asText("");
    if (!volumeName.isEmpty()) {
      reconcileNamedVolume(claim, volumeName);
      return;
    }
    String className = className(claim);
    Optional<ObjectNode> storageClass =
        className.isEmpty() ? Optional.empty() : store.find(classes, "", className);
    boolean waitForConsumer =
        storageClass
            .map(c -> c.path("volumeBindingMode").asText("").equals("WaitForFirstConsumer"))
            .orElse(false);
    if (waitForConsumer && annotation(claim, UDiskProvisioner.SELECTED_NODE).isEmpty()) {
      Optional<String> node = consumerNode(claim);
      if (node.isEmpty()) {
        events.normal(
            claim,
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding",
            StorageEvents.PV_CONTROLLER);
        return;
      }
      // What the scheduler's volume binding does once it picked the consumer's node.
      claim =
          store.mutate(
              claims,
              namespace,
              name,
              "",
              c -> {
                Json.child(Json.meta(c), "annotations")
                    .put(UDiskProvisioner.SELECTED_NODE, node.get());
                return c;
              },
              false);
    }
    Optional<ObjectNode> match = matchingVolume(claim);
    if (match.isPresent()) {
      bind(match.get(), claim, true);
      return;
    }
    if (storageClass.isEmpty()) {
      if (className.isEmpty()) {
        events.normal(
            claim,
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set",
            StorageEvents.PV_CONTROLLER);
      } else {
        events.warning(
            claim,
            "ProvisioningFailed",
            "storageclass.storage.k8s.io \"" + className + "\" not found",
            StorageEvents.PV_CONTROLLER);
      }
      return;
    }
    String provisioner = storageClass.get().path("provisioner").asText("");
    if (!provisioner.equals(UDiskProvisioner.DRIVER)) {
      events.normal(
          claim,
          "ExternalProvisioning",
          "Waiting for a volume to be created either by the external provisioner '"
              + provisioner
              + "' or manually by the system administrator. If volume creation is delayed,"
              + " please verify that the provisioner is running and correctly registered.",
          StorageEvents.PV_CONTROLLER);
      return;
    }
    provision(claim, storageClass.get());
  }

  /** A claim that names its volume: bind to it if it is free, or finish a binding. */
  private void reconcileNamedVolume(ObjectNode claim, String volumeName) {
    Optional<ObjectNode> volume = store.find(volumes, "", volumeName);
    if (volume.isEmpty()) {
      if (phase(claim).equals("Bound")) {
        setClaimPhase(claim, "Lost");
        events.warning(
            claim,
            "ClaimLost",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!",
            StorageEvents.PV_CONTROLLER);
      }
      return;
    }
    JsonNode ref = volume.get().path("spec").path("claimRef");
    if (ref.isMissingNode() || ref.isNull() || refersTo(ref, claim)) {
      bind(volume.get(), claim, false);
    } else {
      events.warning(
          claim,
          "FailedBinding",
          "volume \"" + volumeName + "\" already bound to a different claim.",
          StorageEvents.PV_CONTROLLER);
    }
  }

  /** The node of a pod that uses the claim and has been placed, if any. */
  private Optional<String> consumerNode(ObjectNode claim) {
    return podsUsing(claim).stream()
        .map(p -> p.path("spec").path("nodeName").asText(""))
        .filter(n -> !n.isEmpty())
        .sorted()
        .findFirst();
  }

  /** Pods in the claim's namespace that name it and have not finished. */
  private List<ObjectNode> podsUsing(ObjectNode claim) {
    String name = Json.name(claim);
    return store.list(
        pods,
        Json.namespace(claim),
        p -> {
          String phase = p.path("status").path("phase").asText("");
          return !phase.equals("Succeeded")
              && !phase.equals("Failed")
              && claimNames(p).contains(name);
        });
  }

  /** The claim protection: the finalizer goes once no unfinished pod uses the claim. */
  private void releaseProtection(ObjectNode claim) {
    if (!podsUsing(claim).isEmpty()) {
      return;
    }
    store.mutate(
        claims,
        Json.namespace(claim),
        Json.name(claim),
        "",
        c -> {
          JsonNode finalizers = c.path("metadata").path("finalizers");
          if (finalizers instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
              if (list.get(i).asText().equals(ClaimAdmission.PROTECTION_FINALIZER)) {
                list.remove(i);
              }
            }
          }
          return c;
        },
        false);
  }

  /**
   * An existing volume this claim may bind: one whose claimRef names the claim (pre-bound), else
   * the smallest available one of the claim's class that satisfies it.
   */
  private Optional<ObjectNode> matchingVolume(ObjectNode claim) {
    List<ObjectNode> candidates =
        store.list(
            volumes,
            "",
            v -> !v.path("metadata").has("deletionTimestamp") && !phase(v).equals("Released"));
    Optional<ObjectNode> preBound =
        candidates.stream()
            .filter(v -> v.path("spec").has("claimRef"))
            .filter(v -> refersTo(v.path("spec").path("claimRef"), claim))
            .findFirst();
    if (preBound.isPresent()) {
      return preBound;
    }
    long wanted = bytes(claim.path("spec").path("resources").path("requests").path("storage"));
    Set<String> modes = strings(claim.path("spec").path("accessModes"));
    LabelSelector selector =
        claim.path("spec").hasNonNull("selector")
            ? LabelSelector.ofObject(claim.path("spec").path("selector"))
            : LabelSelector.everything();
    return candidates.stream()
        .filter(v -> !v.path("spec").has("claimRef") || v.path("spec").path("claimRef").isNull())
        .filter(v -> className(v).equals(className(claim)))
        .filter(v -> volumeMode(v).equals(volumeMode(claim)))
        .filter(v -> strings(v.path("spec").path("accessModes")).containsAll(modes))
        .filter(v -> bytes(v.path("spec").path("capacity").path("storage")) >= wanted)
        .filter(selector::matchesObject)
        .min(
            Comparator.comparingLong(
                (ObjectNode v) -> bytes(v.path("spec").path("capacity").path("storage"))));
  }

  /** What the CSI external-provisioner does with the UDisk driver's CreateVolume. */
  private void provision(ObjectNode claim, ObjectNode storageClass) {
    String pvName = "pvc-" + Json.uid(claim);
    Optional<ObjectNode> existing = store.find(volumes, "", pvName);
    if (existing.isPresent()) {
      bind(existing.get(), claim, true); // provisioned before, binding was interrupted
      return;
    }
    String namespace = Json.namespace(claim);
    String name = Json.name(claim);
    claim =
        store.mutate(
            claims,
            namespace,
            name,
            "",
            c -> {
              ObjectNode annotations = Json.child(Json.meta(c), "annotations");
              annotations.put(STORAGE_PROVISIONER, UDiskProvisioner.DRIVER);
              annotations.put(BETA_STORAGE_PROVISIONER, UDiskProvisioner.DRIVER);
              return c;
            },
            false);
    events.normal(
        claim,
        "Provisioning",
        "External provisioner is provisioning volume for claim \"" + namespace + "/" + name + "\"",
        StorageEvents.PROVISIONER);
    JsonNode parameters = storageClass.path("parameters");
    String fsType =
        parameters
            .path("fsType")
            .asText(parameters.path("csi.storage.k8s.io/fstype").asText(DEFAULT_FS));
    String diskId = cloud.diskInventory().create();
    ObjectNode pv = Json.object();
    pv.put("apiVersion", "v1");
    pv.put("kind", "PersistentVolume");
    ObjectNode meta = pv.putObject("metadata");
    meta.put("name", pvName);
    meta.putObject("annotations").put(UDiskProvisioner.PROVISIONED_BY, UDiskProvisioner.DRIVER);
    ObjectNode spec = pv.putObject("spec");
    String size =
        claim.path("spec").path("resources").path("requests").path("storage").asText("1Gi");
    spec.putObject("capacity").put("storage", size);
    spec.set("accessModes", claim.path("spec").path("accessModes").deepCopy());
    spec.put("persistentVolumeReclaimPolicy", storageClass.path("reclaimPolicy").asText("Delete"));
    spec.put("storageClassName", Json.name(storageClass));
    spec.put("volumeMode", volumeMode(claim));
    if (storageClass.has("mountOptions")) {
      spec.set("mountOptions", storageClass.get("mountOptions").deepCopy());
    }
    ObjectNode csi = spec.putObject("csi");
    csi.put("driver", UDiskProvisioner.DRIVER);
    csi.put("volumeHandle", diskId);
    csi.put("fsType", fsType);
    ObjectNode attributes = csi.putObject("volumeAttributes");
    // The driver's volume context; assumed to carry the disk type (the driver is not public).
    parameters.fields().forEachRemaining(p -> attributes.put(p.getKey(), p.getValue().asText()));
    attributes.put("storage.kubernetes.io/csiProvisionerIdentity", UDiskProvisioner.DRIVER);
    ObjectNode ref = spec.putObject("claimRef");
    claimRef(ref, claim);
    ObjectNode created;
    try {
      created = store.create(volumes, "", pv, false);
    } catch (ApiException e) {
      cloud.delete(diskId);
      throw e;
    }
    provisioned.incrementAndGet();
    events.normal(
        claim,
        "ProvisioningSucceeded",
        "Successfully provisioned volume " + pvName,
        StorageEvents.PROVISIONER);
    bind(created, claim, true);
  }

  /** Binds volume and claim both ways, as the PersistentVolume controller does. */
  private void bind(ObjectNode volume, ObjectNode claim, boolean byController) {
    String pvName = Json.name(volume);
    ObjectNode bound =
        store.mutate(
            volumes,
            "",
            pvName,
            "",
            v -> {
              ObjectNode spec = Json.child(v, "spec");
              JsonNode ref = spec.path("claimRef");
              if (ref.isMissingNode()
                  || ref.isNull()
                  || !ref.path("uid").asText().equals(Json.uid(claim))) {
                claimRef(spec.putObject("claimRef"), claim);
              }
              if (byController) {
                Json.child(Json.meta(v), "annotations").put(BOUND_BY_CONTROLLER, "yes");
              }
              return v;
            },
            false);
    if (!phase(bound).equals("Bound")) {
      bound =
          store.mutate(
              volumes,
              "",
              pvName,
              "status",
              v -> {
                ObjectNode status = Json.child(v, "status");
                status.put("phase", "Bound");
                status.remove("message");
                status.remove("reason");
                return v;
              },
              false);
    }
    ObjectNode finalVolume = bound;
    String namespace = Json.namespace(claim);
    String name = Json.name(claim);
    store.mutate(
        claims,
        namespace,
        name,
        "",
        c -> {
          Json.child(c, "spec").put("volumeName", pvName);
          ObjectNode annotations = Json.child(Json.meta(c), "annotations");
          annotations.put(BIND_COMPLETED, "yes");
          if (byController) {
            annotations.put(BOUND_BY_CONTROLLER, "yes");
          }
          return c;
        },
        false);
    store.mutate(
        claims,
        namespace,
        name,
        "status",
        c -> {
          ObjectNode status = Json.child(c, "status");
          status.put("phase", "Bound");
          status.set("accessModes", finalVolume.path("spec").path("accessModes").deepCopy());
          status.set("capacity", finalVolume.path("spec").path("capacity").deepCopy());
          return c;
        },
        false);
  }

  // ---------------------------------------------------------------- volumes

  private void reconcileVolume(String name) {
    Optional<ObjectNode> found = store.find(volumes, "", name);
    if (found.isEmpty()) {
      return;
    }
    ObjectNode volume = found.get();
    JsonNode csi = volume.path("spec").path("csi");
    String handle = csi.path("volumeHandle").asText("");
    boolean udisk = csi.path("driver").asText("").equals(UDiskProvisioner.DRIVER);
    if (udisk && !handle.isEmpty() && !phase(volume).equals("Released")) {
      // A static volume stands for a disk the account already has.
      cloud.diskInventory().register(handle);
    }
    JsonNode ref = volume.path("spec").path("claimRef");
    if (ref.isMissingNode() || ref.isNull()) {
      if (!phase(volume).equals("Available")) {
        setVolumePhase(volume, "Available", null);
      }
      // A new or freed volume may be what a waiting claim needs.
      store
          .list(claims, null, c -> unbound(c))
          .forEach(c -> reconcileClaim(Json.namespace(c), Json.name(c)));
      return;
    }
    Optional<ObjectNode> claim =
        store.find(claims, ref.path("namespace").asText(), ref.path("name").asText());
    boolean claimGone =
        claim.isEmpty()
            || (!ref.path("uid").asText("").isEmpty()
                && !ref.path("uid").asText().equals(Json.uid(claim.get())));
    if (!claimGone) {
      reconcileClaim(Json.namespace(claim.get()), Json.name(claim.get()));
      return;
    }
    if (!phase(volume).equals("Released") && !phase(volume).equals("Failed")) {
      volume = setVolumePhase(volume, "Released", null);
    }
    reclaim(volume);
  }

  /** What happens to a volume whose claim is gone: its reclaim policy decides. */
  private void reclaim(ObjectNode volume) {
    String policy = volume.path("spec").path("persistentVolumeReclaimPolicy").asText("Retain");
    if (!policy.equals("Delete") || phase(volume).equals("Failed")) {
      return; // Retain: the volume and its disk stay for an administrator
    }
    JsonNode csi = volume.path("spec").path("csi");
    boolean ours =
        csi.path("driver").asText("").equals(UDiskProvisioner.DRIVER)
            && annotation(volume, UDiskProvisioner.PROVISIONED_BY).equals(UDiskProvisioner.DRIVER);
    if (!ours) {
      setVolumePhase(
          volume,
          "Failed",
          "error getting deleter volume plugin for volume \""
              + Json.name(volume)
              + "\": no deletable volume plugin matched");
      return;
    }
    String diskId = csi.path("volumeHandle").asText("");
    Optional<CubeId> holder = cloud.diskInventory().attachedTo(diskId);
    if (holder.isPresent()) {
      events.warning(
          volume,
          "VolumeFailedDelete",
          "rpc error: code = FailedPrecondition desc = UDisk "
              + diskId
              + " is attached to "
              + holder.get()
              + "; it is deleted once detached",
          StorageEvents.PROVISIONER);
      throw new IllegalStateException("UDisk " + diskId + " is still attached to " + holder.get());
    }
    try {
      cloud.delete(diskId);
    } catch (CloudFailure.NotFound e) {
      // already gone
    }
    try {
      store.delete(volumes, "", Json.name(volume), DeleteOptions.defaults());
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private void setClaimPhase(ObjectNode claim, String phase) {
    store.mutate(
        claims,
        Json.namespace(claim),
        Json.name(claim),
        "status",
        c -> {
          Json.child(c, "status").put("phase", phase);
          return c;
        },
        false);
  }

  private ObjectNode setVolumePhase(ObjectNode volume, String phase, String message) {
    return store.mutate(
        volumes,
        "",
        Json.name(volume),
        "status",
        v -> {
          ObjectNode status = Json.child(v, "status");
          status.put("phase", phase);
          if (message == null) {
            status.remove("message");
          } else {
            status.put("message", message);
          }
          return v;
        },
        false);
  }

  private static void claimRef(ObjectNode ref, ObjectNode claim) {
    ref.put("kind", "PersistentVolumeClaim");
    ref.put("apiVersion", "v1");
    ref.put("namespace", Json.namespace(claim));
    ref.put("name", Json.name(claim));
    ref.put("uid", Json.uid(claim));
    ref.put("resourceVersion", Json.resourceVersion(claim));
  }

  private static boolean refersTo(JsonNode ref, ObjectNode claim) {
    String uid = ref.path("uid").asText("");
    return ref.path("namespace").asText().equals(Json.namespace(claim))
        && ref.path("name").asText().equals(Json.name(claim))
        && (uid.isEmpty() || uid.equals(Json.uid(claim)));
  }

  private static boolean unbound(JsonNode claim) {
    return claim.path("spec").path("volumeName").asText("").isEmpty()
        && !claim.path("metadata").has("deletionTimestamp");
  }

  private static String claimKey(String namespace, String name) {
    return "claim/" + namespace + "/" + name;
  }

  private static List<String> claimNames(JsonNode pod) {
    List<String> names = new ArrayList<>();
    for (JsonNode v : pod.path("spec").path("volumes")) {
      String claim = v.path("persistentVolumeClaim").path("claimName").asText("");
      if (!claim.isEmpty()) {
        names.add(claim);
      }
    }
    return names;
  }

  private static String className(JsonNode object) {
    return object.path("spec").path("storageClassName").asText("");
  }

  private static String volumeMode(JsonNode object) {
    return object.path("spec").path("volumeMode").asText("Filesystem");
  }

  private static String phase(JsonNode object) {
    return object.path("status").path("phase").asText("");
  }

  private static String annotation(JsonNode object, String key) {
    return object.path("metadata").path("annotations").path(key).asText("");
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A storage quantity in bytes; an absent or unreadable one counts as 0. */
  private static long bytes(JsonNode quantity) {
    if (!quantity.isTextual() && !quantity.isNumber()) {
      return 0;
    }
    try {
      return Memory.parse(quantity.asText()).bytes();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
