package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.Json;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler and the workload controllers over the in-process store. */
class ControllersIT {
  private KubeApiServer server;
  private Fixtures f;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().https(false).start();
    f = new Fixtures(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10));
  }

  private String nodeOf(String name) {
    return f.get("", "pods", "default", name).path("spec").path("nodeName").asText("");
  }

  @Test
  void schedulerBindsToAMatchingTolerableNodeAndExplainsWhenNoneFits() {
    f.readyNode(
        "tainted",
        "'type':'virtual-kubelet'",
        "{'key':'virtual-kubelet.io/provider','value':'ucloud','effect':'NoSchedule'}",
        10);
    f.readyNode("plain", "'disk':'hdd'", "", 10);
    f.create(
        "",
        "pods",
        "default",
        "{'metadata':{'name':'vk'},'spec':{'nodeSelector':"
            + "{'type':'virtual-kubelet'},'tolerations':[{'key':'virtual-kubelet.io/provider',"
            + "'operator':'Exists'}],'containers':[{'name':'c','image':'x'}]}}");
    f.create(
        "",
        "pods",
        "default",
        "{'metadata':{'name':'ssd'},'spec':{'nodeSelector':"
            + "{'disk':'ssd'},'containers':[{'name':'c','image':'x'}]}}");
    eventually().until(() -> nodeOf("vk").equals("tainted"));
    eventually()
        .until(
            () ->
                f.get("", "pods", "default", "ssd")
                    .path("status")
                    .path("conditions")
                    .toString()
                    .contains("Unschedulable"));
    JsonNode cond = f.get("", "pods", "default", "ssd").at("/status/conditions/0");
    assertThat(cond.path("type").asText()).isEqualTo("PodScheduled");
    assertThat(cond.path("status").asText()).isEqualTo("False");
    assertThat(cond.path("message").asText())
        .startsWith("0/2 nodes are available:")
        .contains("1 node(s) had untolerated taint {virtual-kubelet.io/provider: ucloud}")
        .contains("1 node(s) didn't match Pod's node affinity/selector");
    eventually()
        .until(
            () ->
                server
                        .store()
                        .list(
                            f.type("", "events"),
                            "default",
                            e ->
                                e.path("reason").asText().equals("FailedScheduling")
                                    && e.at("/involvedObject/name").asText().equals("ssd"))
                        .size()
                    == 1);
    // A node that fits appears: the pending pod is bound without being touched again.
    f.readyNode("fast", "'disk':'ssd'", "", 10);
    eventually().until(() -> nodeOf("ssd").equals("fast"));
  }

  @Test
  void schedulerRespectsTheNodesPodsCapacity() {
    f.readyNode("small", "", "", 2);
    for (int i = 0; i < 3; i++) {
      f.create(
          "",
          "pods",
          "default",
          "{'metadata':{'name':'p" + i + "'},'spec':" + Fixtures.podSpec("x") + "}");
    }
    eventually()
        .until(
            () ->
                f.pods("default").stream()
                        .filter(
                            p -> p.at("/status/conditions").toString().contains("Too many pods"))
                        .count()
                    == 1);
    assertThat(
            f.pods("default").stream()
                .filter(p -> p.at("/spec/nodeName").asText("").equals("small"))
                .count())
        .isEqualTo(2);
  }

  @Test
  void deploymentCreatesAHashedReplicaSetScalesAndReplacesPodsOnTemplateChange() {
    f.create(
        "apps",
        "deployments",
        "default",
        "{'metadata':{'name':'web'},'spec':{'replicas':3,"
            + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':"
            + "{'app':'web'}},'spec':"
            + Fixtures.podSpec("nginx:1")
            + "}}}");
    eventually().until(() -> f.pods("default").size() == 3);
    List<ObjectNode> rs = server.store().list(f.type("apps", "replicasets"), "default", o -> true);
    assertThat(rs).hasSize(1);
    String hash = Json.labels(rs.get(0)).get("pod-template-hash");
    assertThat(Json.name(rs.get(0))).isEqualTo("web-" + hash);
    assertThat(f.pods("default"))
        .allSatisfy(
            p -> {
              assertThat(Json.name(p)).startsWith("web-" + hash + "-");
              assertThat(p.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("ReplicaSet");
            });

    server
        .store()
        .mutate(
            f.type("apps", "deployments"),
            "default",
            "web",
            "",
            d -> {
              Json.child(d, "spec").put("replicas", 1);
              return d;
            },
            false);
    eventually().until(() -> f.pods("default").size() == 1);

    server
        .store()
        .mutate(
            f.type("apps", "deployments"),
            "default",
            "web",
            "",
            d -> {
              ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
              return d;
            },
            false);
    eventually()
        .until(
            () ->
                f.pods("default").size() == 1
                    && f.pods("default")
                        .get(0)
                        .at("/spec/containers/0/image")
                        .asText()
                        .equals("nginx:2"));
    eventually()
        .until(
            () ->
                f.get("apps", "deployments", "default", "web")
                    .at("/metadata/annotations/deployment.kubernetes.io~1revision")
                    .asText()
                    .equals("2"));
  }

  @Test
  void deploymentStatusCountsReadyPods() {
    f.create(
        "apps",
        "deployments",
        "default",
        "{'metadata':{'name':'api'},'spec':{'replicas':2,"
            + "'selector':{'matchLabels':{'app':'api'}},'template':{'metadata':{'labels':"
            + "{'app':'api'}},'spec':"
            + Fixtures.podSpec("api:1")
            + "}}}");
    eventually().until(() -> f.pods("default").size() == 2);
    int i = 1;
    for (ObjectNode p : f.pods("default")) {
      f.running(p, "10.1.0." + i++, true);
    }
    eventually()
        .until(
            () ->
                f.get("apps", "deployments", "default", "api")
                        .at("/status/availableReplicas")
                        .asInt()
                    == 2);
    JsonNode d = f.get("apps", "deployments", "default", "api");
    assertThat(d.at("/status/readyReplicas").asInt()).isEqualTo(2);
    assertThat(d.at("/status/conditions").toString()).contains("MinimumReplicasAvailable");
  }

  @Test
  void statefulSetCreatesOrdinalsInOrderWithTheirClaims() {
    f.create(
        "apps",
        "statefulsets",
        "default",
        "{'metadata':{'name':'db'},'spec':{'replicas':2,"
            + "'serviceName':'db','selector':{'matchLabels':{'app':'db'}},'template':{'metadata':"
            + "{'labels':{'app':'db'}},'spec':"
            + Fixtures.podSpec("pg")
            + "},'volumeClaimTemplates':"
            + "[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],'resources':"
            + "{'requests':{'storage':'1Gi'}}}}]}}");
    eventually().until(() -> f.pods("default").size() == 1);
    ObjectNode first = f.pods("default").get(0);
    assertThat(Json.name(first)).isEqualTo("db-0");
    assertThat(first.at("/spec/hostname").asText()).isEqualTo("db-0");
    assertThat(first.at("/spec/subdomain").asText()).isEqualTo("db");
    assertThat(first.at("/spec/volumes").toString()).contains("\"claimName\":\"data-db-0\"");
    assertThat(f.get("", "persistentvolumeclaims", "default", "data-db-0")).isNotNull();
    f.running(first, "10.2.0.1", true);
    eventually().until(() -> f.pods("default").size() == 2);
    assertThat(f.get("", "pods", "default", "db-1")).isNotNull();
  }

  @Test
  void jobRunsPodsUntilCompletionsAndFailsPastTheBackoffLimit() {
    f.create(
        "batch",
        "jobs",
        "default",
        "{'metadata':{'name':'once'},'spec':{'completions':2,"
            + "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'x'}]}}}}");
    eventually().until(() -> f.pods("default").size() == 1);
    f.finished(f.pods("default").get(0), "Succeeded");
    eventually().until(() -> f.pods("default").size() == 2);
    f.pods("default").stream()
        .filter(p -> p.at("/status/phase").asText().equals("Pending"))
        .forEach(p -> f.finished(p, "Succeeded"));
    eventually()
        .until(
            () ->
                f.get("batch", "jobs", "default", "once")
                    .at("/status/conditions")
                    .toString()
                    .contains("\"type\":\"Complete\""));
    assertThat(f.get("batch", "jobs", "default", "once").at("/status/succeeded").asInt())
        .isEqualTo(2);

    f.create(
        "batch",
        "jobs",
        "kube-public",
        "{'metadata':{'name':'bad'},'spec':{'backoffLimit':0,"
            + "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'x'}]}}}}");
    eventually().until(() -> f.pods("kube-public").size() == 1);
    f.finished(f.pods("kube-public").get(0), "Failed");
    eventually()
        .until(
            () ->
                f.get("batch", "jobs", "kube-public", "bad")
                    .at("/status/conditions")
                    .toString()
                    .contains("BackoffLimitExceeded"));
  }

  @Test
  void daemonSetRunsOnePodPerMatchingNode() {
    f.readyNode("a", "'role':'edge'", "", 10);
    f.readyNode("b", "'role':'edge'", "", 10);
    f.readyNode("c", "'role':'core'", "", 10);
    f.create(
        "apps",
        "daemonsets",
        "default",
        "{'metadata':{'name':'agent'},'spec':{'selector':"
            + "{'matchLabels':{'app':'agent'}},'template':{'metadata':{'labels':{'app':'agent'}},"
            + "'spec':{'nodeSelector':{'role':'edge'},'containers':[{'name':'c','image':'x'}]}}}}");
    eventually().until(() -> f.pods("default").size() == 2);
    assertThat(f.pods("default"))
        .extracting(p -> p.at("/spec/nodeName").asText())
        .containsExactlyInAnyOrder("a", "b");
    eventually()
        .until(
            () ->
                f.get("apps", "daemonsets", "default", "agent")
                        .at("/status/desiredNumberScheduled")
                        .asInt()
                    == 2);
  }

  @Test
  void deletingADeploymentCollectsItsReplicaSetsAndPods() {
    f.create(
        "apps",
        "deployments",
        "default",
        "{'metadata':{'name':'gone'},'spec':{'replicas':2,"
            + "'selector':{'matchLabels':{'app':'gone'}},'template':{'metadata':{'labels':"
            + "{'app':'gone'}},'spec':"
            + Fixtures.podSpec("x")
            + "}}}");
    eventually().until(() -> f.pods("default").size() == 2);
    server
        .store()
        .delete(f.type("apps", "deployments"), "default", "gone", DeleteOptions.defaults());
    eventually()
        .until(
            () ->
                f.pods("default").isEmpty()
                    && server
                        .store()
                        .list(f.type("apps", "replicasets"), "default", o -> true)
                        .isEmpty());
  }

  @Test
  void foregroundDeletionWaitsForDependentsAndOrphanKeepsThem() {
    f.create(
        "apps",
        "replicasets",
        "default",
        "{'metadata':{'name':'fg'},'spec':{'replicas':1,"
            + "'selector':{'matchLabels':{'app':'fg'}},'template':{'metadata':{'labels':"
            + "{'app':'fg'}},'spec':"
            + Fixtures.podSpec("x")
            + "}}}");
    eventually().until(() -> f.pods("default").size() == 1);
    server
        .store()
        .delete(
            f.type("apps", "replicasets"),
            "default",
            "fg",
            DeleteOptions.defaults().withPropagation("Orphan"));
    eventually()
        .until(() -> server.store().find(f.type("apps", "replicasets"), "default", "fg").isEmpty());
    assertThat(f.pods("default")).hasSize(1);
    assertThat(f.pods("default").get(0).at("/metadata/ownerReferences").isMissingNode()).isTrue();
  }

  @Test
  void endpointsListReadyPodsAsAddressesAndOthersAsNotReady() {
    f.create(
        "",
        "services",
        "default",
        "{'metadata':{'name':'web'},'spec':{'selector':"
            + "{'app':'web'},'ports':[{'name':'http','port':80,'targetPort':'http'}]}}");
    ObjectNode a =
        f.create(
            "",
            "pods",
            "default",
            "{'metadata':{'name':'a','labels':{'app':'web'}},"
                + "'spec':{'nodeName':'n','containers':[{'name':'c','image':'x','ports':[{'name':'http',"
                + "'containerPort':8080}]}]}}");
    ObjectNode b =
        f.create(
            "",
            "pods",
            "default",
            "{'metadata':{'name':'b','labels':{'app':'web'}},"
                + "'spec':{'nodeName':'n','containers':[{'name':'c','image':'x','ports':[{'name':'http',"
                + "'containerPort':8080}]}]}}");
    f.running(a, "10.3.0.1", true);
    f.running(b, "10.3.0.2", false);
    eventually()
        .until(
            () ->
                server
                    .store()
                    .find(f.type("", "endpoints"), "default", "web")
                    .map(e -> e.at("/subsets/0/notReadyAddresses/0/ip").asText().equals("10.3.0.2"))
                    .orElse(false));
    JsonNode ep = f.get("", "endpoints", "default", "web");
    assertThat(ep.at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.3.0.1");
    assertThat(ep.at("/subsets/0/ports/0/port").asInt()).isEqualTo(8080);
  }

  @Test
  void deletingANamespaceDeletesItsContentsThenTheNamespace() {
    f.create("", "namespaces", "", "{'metadata':{'name':'temp'}}");
    f.create("", "configmaps", "temp", "{'metadata':{'name':'x'}}");
    // The namespace controller may finish at once, so the marked state is read from the answer.
    var marked =
        server.store().delete(f.type("", "namespaces"), "", "temp", DeleteOptions.defaults());
    assertThat(marked.deleted()).isFalse();
    assertThat(marked.object().at("/status/phase").asText()).isEqualTo("Terminating");
    eventually().until(() -> server.store().find(f.type("", "namespaces"), "", "temp").isEmpty());
    assertThat(server.store().find(f.type("", "configmaps"), "temp", "x")).isEmpty();
  }

  @Test
  void foregroundDeletionKeepsTheOwnerUntilItsDependentsAreGone() {
    f.create(
        "apps",
        "replicasets",
        "default",
        "{'metadata':{'name':'fore'},'spec':{'replicas':1,"
            + "'selector':{'matchLabels':{'app':'fore'}},'template':{'metadata':{'labels':"
            + "{'app':'fore'}},'spec':{'nodeName':'n1','containers':[{'name':'c','image':'x'}]}}}}");
    eventually().until(() -> f.pods("default").size() == 1);
    server
        .store()
        .delete(
            f.type("apps", "replicasets"),
            "default",
            "fore",
            DeleteOptions.defaults().withPropagation("Foreground"));
    // The pod is bound, so it waits for its kubelet; the ReplicaSet waits for the pod.
    eventually().until(() -> f.pods("default").get(0).path("metadata").has("deletionTimestamp"));
    JsonNode owner = f.get("apps", "replicasets", "default", "fore");
    assertThat(owner.at("/metadata/finalizers").toString()).contains("foregroundDeletion");
    ObjectNode pod = f.pods("default").get(0);
    server.store().delete(f.type("", "pods"), "default", Json.name(pod), DeleteOptions.now());
    eventually()
        .until(
            () -> server.store().find(f.type("apps", "replicasets"), "default", "fore").isEmpty());
  }
}
