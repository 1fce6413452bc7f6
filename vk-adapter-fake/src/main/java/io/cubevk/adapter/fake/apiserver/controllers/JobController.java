package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Jobs → pods until {@code completions} pods succeeded (Complete) or more than {@code backoffLimit}
 * failed (Failed, BackoffLimitExceeded), running at most {@code parallelism} at a time; a suspended
 * Job runs none.
 */
final class JobController implements Controller {
  private final Store store;
  private final ResourceType jobs;
  private final ResourceType pods;
  private final EventRecorder events;

  JobController(Store store, EventRecorder events) {
    this.store = store;
    this.jobs = store.resources().require("batch", "jobs");
    this.pods = store.resources().require("", "pods");
    this.events = events;
  }

  @Override
  public String name() {
    return "job";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == jobs) {
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == pods) {
      JsonNode ref = Kube.controllerRef(e.object());
      if (ref.path("kind").asText().equals("Job")) {
        enqueue.accept(Json.namespace(e.object()) + "/" + ref.path("name").asText());
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(jobs, "", o -> true).forEach(o -> enqueue.accept(Kube.key(o)));
  }

  @Override
  public void reconcile(String key) {
    ObjectNode job = store.find(jobs, Kube.ns(key), Kube.name(key)).orElse(null);
    if (job == null || Kube.terminating(job)) {
      return;
    }
    String uid = Json.uid(job);
    List<ObjectNode> owned = store.list(pods, Kube.ns(key), p -> Kube.controlledBy(p, uid));
    int active = 0;
    int succeeded = 0;
    int failed = 0;
    int ready = 0;
    for (ObjectNode p : owned) {
      String phase = Kube.phase(p);
      if (phase.equals("Succeeded")) {
        succeeded++;
      } else if (phase.equals("Failed")) {
        failed++;
      } else if (!Kube.terminating(p)) {
        active++;
        if (Kube.ready(p)) {
          ready++;
        }
      }
    }
    JsonNode spec = job.path("spec");
    Instant now = store.clock().instant();
    ObjectNode status =
        job.path("status").isObject() ? ((ObjectNode) job.get("status")).deepCopy() : Json.object();
    boolean finished = Kube.conditionTrue(job, "Complete") || Kube.conditionTrue(job, "Failed");
    Integer completions = spec.hasNonNull("completions") ? spec.get("completions").asInt() : null;
    int parallelism = spec.path("parallelism").asInt(1);
    int backoffLimit = spec.path("backoffLimit").asInt(6);
    if (!finished) {
      if (failed > backoffLimit) {
        deleteActive(owned);
        active = 0;
        ready = 0;
        Kube.condition(
            status,
            "FailureTarget",
            "True",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
            now);
        Kube.condition(
            status,
            "Failed",
            "True",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
            now);
        events.record(
            job,
            "Warning",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
            "job-controller");
      } else if (completions != null ? succeeded >= completions : succeeded > 0 && active == 0) {
        Kube.condition(
            status,
            "SuccessCriteriaMet",
            "True",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
            now);
        Kube.condition(
            status,
            "Complete",
            "True",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
            now);
        status.put("completionTime", Json.time(now));
        events.record(job, "Normal", "Completed", "Job completed", "job-controller");
      } else if (!spec.path("suspend").asBoolean(false)) {
        int remaining = completions != null ? completions - succeeded : (succeeded > 0 ? 0 : 1);
        int want = Math.min(parallelism, completions != null ? remaining : parallelism);
        if (completions == null && succeeded > 0) {
          want = 0;
        }
        for (int i = active; i < want; i++) {
          ObjectNode pod = Kube.podFromTemplate(job, spec.path("template"));
          Json.meta(pod).put("generateName", Json.name(job) + "-");
          ObjectNode created = store.create(pods, Json.namespace(job), pod, false);
          active++;
          events.record(
              job,
              "Normal",
              "SuccessfulCreate",
              "Created pod: " + Json.name(created),
              "job-controller");
        }
      }
    }
    if (!status.has("startTime") && !spec.path("suspend").asBoolean(false)) {
      status.put("startTime", Json.time(now));
    }
    status.put("active", active);
    status.put("succeeded", succeeded);
    status.put("failed", failed);
    status.put("ready", ready);
    status.put("terminating", 0);
    status.putObject("uncountedTerminatedPods");
    if (active == 0) {
      status.remove("active");
    }
    if (succeeded == 0) {
      status.remove("succeeded");
    }
    if (failed == 0) {
      status.remove("failed");
    }
    Kube.writeStatus(store, jobs, job, status);
  }

  private void deleteActive(List<ObjectNode> owned) {
    for (ObjectNode p : owned) {
      if (!Kube.finished(p) && !Kube.terminating(p)) {
        Kube.deleteQuietly(store, pods, p);
      }
    }
  }
}
