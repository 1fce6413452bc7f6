package io.cubevk.adapter.fake.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.controllers.EventRecorder;
import io.cubevk.adapter.fake.apiserver.store.Store;

/**
 * core/v1 Events about claims and volumes, worded as the PersistentVolume controller and the CSI
 * provisioner word theirs, so {@code kubectl describe pvc} reads as on a real cluster. A repeat
 * counts up instead of adding an Event.
 */
final class StorageEvents {

  static final String PV_CONTROLLER = "persistentvolume-controller";
  static final String PROVISIONER = UDiskProvisioner.DRIVER + "_csi-provisioner";

  private final EventRecorder recorder;

  StorageEvents(Store store) {
    this.recorder = new EventRecorder(store);
  }

  void normal(JsonNode about, String reason, String message, String component) {
    recorder.record(about, "Normal", reason, message, component);
  }

  void warning(JsonNode about, String reason, String message, String component) {
    recorder.record(about, "Warning", reason, message, component);
  }
}
