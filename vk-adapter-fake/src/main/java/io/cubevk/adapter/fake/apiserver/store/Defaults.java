package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The defaulting the real API server applies to the kinds served here, so that objects read back
 * look as clients (kubectl describe, apply's three-way diff, the engine) expect them.
 */
final class Defaults {

  // Service cluster IPs come from 10.96.0.0/16, as a kubeadm cluster's default service CIDR.
  private static final AtomicInteger NEXT_CLUSTER_IP = new AtomicInteger(10);

  private Defaults() {}

  static void onCreate(ResourceType st, ObjectNode obj, Store store) {
    String name = Json.name(obj);
    switch (st.group() + "/" + st.plural()) {
      case "/namespaces" -> {
        Json.child(Json.meta(obj), "labels").put("kubernetes.io/metadata.name", name);
        ObjectNode spec = Json.child(obj, "spec");
        if (!spec.has("finalizers")) {
          spec.putArray("finalizers").add("kubernetes");
        }
        Json.child(obj, "status").put("phase", "Active");
      }
      case "/pods" -> {
        podSpec(Json.child(obj, "spec"));
        ObjectNode status = Json.child(obj, "status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(obj.path("spec")));
      }
      case "/services" -> {
        ObjectNode spec = Json.child(obj, "spec");
        serviceSpec(spec);
        String type = spec.path("type").asText();
        if (!spec.has("clusterIP") && !type.equals("ExternalName")) {
          int n = NEXT_CLUSTER_IP.getAndIncrement();
          String ip = "10.96." + (n / 250) + "." + (n % 250 + 1);
          spec.put("clusterIP", ip);
        }
        if (spec.has("clusterIP") && !spec.has("clusterIPs")) {
          spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
        }
        Json.child(Json.child(obj, "status"), "loadBalancer");
      }
      case "/secrets" -> {
        if (!obj.has("type")) {
          obj.put("type", "Opaque");
        }
        stringData(obj);
      }
      case "/persistentvolumeclaims" -> {
        ObjectNode spec = Json.child(obj, "spec");
        putIfAbsent(spec, "volumeMode", "Filesystem");
        Json.child(obj, "status").put("phase", "Pending");
      }
      case "/persistentvolumes" -> {
        ObjectNode spec = Json.child(obj, "spec");
        putIfAbsent(spec, "volumeMode", "Filesystem");
        putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
        Json.child(obj, "status").put("phase", "Available");
      }
      case "batch/jobs" -> jobLabels(obj);
      default -> {}
    }
    workloadSpec(st, obj);
  }

  static void onUpdate(ResourceType st, ObjectNode next, ObjectNode old) {
    switch (st.group() + "/" + st.plural()) {
      case "/pods" -> podSpec(Json.child(next, "spec"));
      case "/secrets" -> stringData(next);
      case "/services" -> {
        ObjectNode spec = Json.child(next, "spec");
        serviceSpec(spec);
        // The allocated cluster IP survives updates that do not name it (kubectl apply).
        JsonNode ip = old.path("spec").get("clusterIP");
        if (!spec.has("clusterIP") && ip != null) {
          spec.set("clusterIP", ip);
          spec.set("clusterIPs", old.path("spec").path("clusterIPs").deepCopy());
        }
      }
      default -> {}
    }
    workloadSpec(st, next);
  }

  /**
   * A Secret's {@code stringData} is write-only: the real server merges it into {@code data}
   * (base64, its keys winning over data's) and never stores or returns it. Manifests written by
   * hand use it more often than data.
   */
  private static void stringData(ObjectNode secret) {
    JsonNode plain = secret.remove("stringData");
    if (!(plain instanceof ObjectNode entries) || entries.isEmpty()) {
      return;
    }
    ObjectNode data = Json.child(secret, "data");
    entries
        .fields()
        .forEachRemaining(
            e ->
                data.put(
                    e.getKey(),
                    Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
  }

  private static void workloadSpec(ResourceType st, ObjectNode obj) {
    if (!st.group().equals("apps") && !st.group().equals("batch")) {
      return;
    }
    ObjectNode spec = Json.child(obj, "spec");
    switch (st.plural()) {
      case "deployments" -> {
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = Json.child(spec, "strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          ObjectNode ru = Json.child(strategy, "rollingUpdate");
          putIfAbsent(ru, "maxUnavailable", "25%");
          putIfAbsent(ru, "maxSurge", "25%");
        }
      }
      case "replicasets" -> putIfAbsent(spec, "replicas", 1);
      case "statefulsets" -> {
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode us = Json.child(spec, "updateStrategy");
        putIfAbsent(us, "type", "RollingUpdate");
        if (us.path("type").asText().equals("RollingUpdate")) {
          putIfAbsent(Json.child(us, "rollingUpdate"), "partition", 0);
        }
        ObjectNode ret = Json.child(spec, "persistentVolumeClaimRetentionPolicy");
        putIfAbsent(ret, "whenDeleted", "Retain");
        putIfAbsent(ret, "whenScaled", "Retain");
      }
      case "daemonsets" -> {
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode us = Json.child(spec, "updateStrategy");
        putIfAbsent(us, "type", "RollingUpdate");
        if (us.path("type").asText().equals("RollingUpdate")) {
          ObjectNode ru = Json.child(us, "rollingUpdate");
          putIfAbsent(ru, "maxUnavailable", 1);
          putIfAbsent(ru, "maxSurge", 0);
        }
      }
      case "jobs" -> {
        if (!spec.has("parallelism")) {
          spec.put("parallelism", 1);
        }
        if (!spec.has("completions") && !spec.has("parallelism")) {
          spec.put("completions", 1);
        }
        putIfAbsent(spec, "backoffLimit", 6);
        putIfAbsent(spec, "completionMode", "NonIndexed");
        putIfAbsent(spec, "suspend", false);
      }
      default -> {}
    }
    JsonNode template = spec.get("template");
    if (template instanceof ObjectNode t) {
      podSpec(Json.child(t, "spec"));
      if (st.plural().equals("jobs")) {
        putIfAbsent(Json.child(t, "spec"), "restartPolicy", "Never");
      }
    }
  }

  private static void jobLabels(ObjectNode job) {
    String uid = Json.uid(job);
    String name = Json.name(job);
    ObjectNode spec = Json.child(job, "spec");
    if (spec.path("manualSelector").asBoolean(false)) {
      return;
    }
    ObjectNode labels = Json.child(Json.child(Json.child(spec, "template"), "metadata"), "labels");
    labels.put("batch.kubernetes.io/controller-uid", uid);
    labels.put("batch.kubernetes.io/job-name", name);
    labels.put("controller-uid", uid);
    labels.put("job-name", name);
    ObjectNode selector = spec.putObject("selector");
    selector.putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
  }

  /** Pod spec defaults; idempotent, so updates compare equal to what was stored. */
  static void podSpec(ObjectNode spec) {
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    putIfAbsent(spec, "enableServiceLinks", true);
    putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
    putIfAbsent(spec, "priority", 0);
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (c instanceof ObjectNode co) {
          putIfAbsent(co, "terminationMessagePath", "/dev/termination-log");
          putIfAbsent(co, "terminationMessagePolicy", "File");
          putIfAbsent(co, "imagePullPolicy", pullPolicy(co.path("image").asText("")));
          if (!co.has("resources")) {
            co.putObject("resources");
          }
          for (JsonNode p : co.path("ports")) {
            if (p instanceof ObjectNode po) {
              putIfAbsent(po, "protocol", "TCP");
            }
          }
        }
      }
    }
  }

  private static void serviceSpec(ObjectNode spec) {
    putIfAbsent(spec, "type", "ClusterIP");
    putIfAbsent(spec, "sessionAffinity", "None");
    if (!spec.path("type").asText().equals("ExternalName")) {
      if (!spec.has("ipFamilies")) {
        spec.putArray("ipFamilies").add("IPv4");
      }
      putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
      putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }
    for (JsonNode p : spec.path("ports")) {
      if (p instanceof ObjectNode po) {
        putIfAbsent(po, "protocol", "TCP");
        if (!po.has("targetPort") && po.has("port")) {
          po.set("targetPort", po.get("port"));
        }
      }
    }
  }

  private static String pullPolicy(String image) {
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (last.contains("@")) {
      return "IfNotPresent";
    }
    int colon = last.indexOf(':');
    if (colon < 0 || last.substring(colon + 1).equals("latest")) {
      return "Always";
    }
    return "IfNotPresent";
  }

  private static String qosClass(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (JsonNode c : spec.path("containers")) {
      JsonNode req = c.path("resources").path("requests");
      JsonNode lim = c.path("resources").path("limits");
      if (req.size() > 0 || lim.size() > 0) {
        any = true;
      }
      for (String r : new String[] {"cpu", "memory"}) {
        JsonNode l = lim.get(r);
        JsonNode q = req.get(r);
        if (l == null || (q != null && !q.asText().equals(l.asText()))) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.has(field) || o.get(field).isNull()) {
      o.put(field, value);
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, int value) {
    if (!o.has(field) || o.get(field).isNull()) {
      o.put(field, value);
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, boolean value) {
    if (!o.has(field) || o.get(field).isNull()) {
      o.put(field, value);
    }
  }

  static ArrayNode array(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    return n instanceof ArrayNode a ? a : o.putArray(field);
  }
}
