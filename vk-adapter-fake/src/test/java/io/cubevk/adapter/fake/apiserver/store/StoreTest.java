package io.cubevk.adapter.fake.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreTest {
  private Store store;
  private ResourceType pods;
  private ResourceType configMaps;
  private ResourceType namespaces;

  @BeforeEach
  void setUp() {
    store = new Store(Resources.standard(), Clock.systemUTC(), 100);
    pods = store.resources().require("", "pods");
    configMaps = store.resources().require("", "configmaps");
    namespaces = store.resources().require("", "namespaces");
    store.create(namespaces, "", obj("{\"metadata\":{\"name\":\"default\"}}"), false);
  }

  private static ObjectNode obj(String json) {
    return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode pod(String name, String node) {
    return obj(
        "{\"metadata\":{\"name\":\""
            + name
            + "\"},\"spec\":{"
            + (node == null ? "" : "\"nodeName\":\"" + node + "\",")
            + "\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
  }

  /** A sink that records what it is offered. */
  static final class Recorder implements WatchSink {
    final List<String> events = new ArrayList<>();
    boolean ended;

    @Override
    public boolean offer(String type, StoreEvent event) {
      events.add(type + " " + Json.name(event.object()));
      return true;
    }

    @Override
    public void ended() {
      ended = true;
    }
  }

  @Test
  void everyWriteTakesTheNextResourceVersionOfOneCounter() {
    long before = store.resourceVersion();
    ObjectNode a =
        store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"a\"}}"), false);
    ObjectNode p = store.create(pods, "default", pod("p", null), false);
    assertThat(Long.parseLong(Json.resourceVersion(a))).isEqualTo(before + 1);
    assertThat(Long.parseLong(Json.resourceVersion(p))).isEqualTo(before + 2);
  }

  @Test
  void createInAMissingNamespaceIs404AndDuplicatesAre409() {
    assertThatThrownBy(
            () -> store.create(configMaps, "nope", obj("{\"metadata\":{\"name\":\"a\"}}"), false))
        .hasMessage("namespaces \"nope\" not found");
    store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"a\"}}"), false);
    assertThatThrownBy(
            () ->
                store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"a\"}}"), false))
        .hasMessage("configmaps \"a\" already exists");
  }

  @Test
  void podsGetTheDefaultsTheRealServerApplies() {
    ObjectNode p = store.create(pods, "default", pod("p", null), false);
    assertThat(p.at("/spec/restartPolicy").asText()).isEqualTo("Always");
    assertThat(p.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(p.at("/status/phase").asText()).isEqualTo("Pending");
    assertThat(p.at("/status/qosClass").asText()).isEqualTo("BestEffort");
  }

  @Test
  void generationCountsSpecChangesOnly() {
    ResourceType deployments = store.resources().require("apps", "deployments");
    ObjectNode d =
        store.create(
            deployments,
            "default",
            obj(
                "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
                    + "\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":"
                    + "[{\"name\":\"c\",\"image\":\"x\"}]}}}}"),
            false);
    assertThat(d.at("/metadata/generation").asLong()).isEqualTo(1);
    ObjectNode labelled =
        store.mutate(
            deployments,
            "default",
            "d",
            "",
            c -> {
              Json.child(Json.meta(c), "labels").put("x", "y");
              return c;
            },
            false);
    assertThat(labelled.at("/metadata/generation").asLong()).isEqualTo(1);
    ObjectNode scaled =
        store.mutate(
            deployments,
            "default",
            "d",
            "",
            c -> {
              Json.child(c, "spec").put("replicas", 3);
              return c;
            },
            false);
    assertThat(scaled.at("/metadata/generation").asLong()).isEqualTo(2);
  }

  @Test
  void statusWritesChangeOnlyTheStatusAndMainWritesKeepIt() {
    store.create(pods, "default", pod("p", "n1"), false);
    ObjectNode viaStatus =
        store.mutate(
            pods,
            "default",
            "p",
            "status",
            c -> {
              Json.child(c, "status").put("phase", "Running");
              Json.child(Json.meta(c), "labels").put("ignored", "yes");
              return c;
            },
            false);
    assertThat(viaStatus.at("/status/phase").asText()).isEqualTo("Running");
    assertThat(viaStatus.at("/metadata/labels/ignored").isMissingNode()).isTrue();
    ObjectNode viaMain =
        store.mutate(
            pods,
            "default",
            "p",
            "",
            c -> {
              Json.child(c, "status").put("phase", "Failed");
              return c;
            },
            false);
    assertThat(viaMain.at("/status/phase").asText()).isEqualTo("Running");
  }

  @Test
  void aBoundPodIsOnlyMarkedUntilItsKubeletDeletesItWithGraceZero() {
    ObjectNode p = store.create(pods, "default", pod("p", "n1"), false);
    Store.DeleteResult first = store.delete(pods, "default", "p", DeleteOptions.defaults());
    assertThat(first.deleted()).isFalse();
    assertThat(first.object().at("/metadata/deletionTimestamp").isTextual()).isTrue();
    assertThat(first.object().at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(30);
    Store.DeleteResult last =
        store.delete(pods, "default", "p", DeleteOptions.now().withUid(Json.uid(p)));
    assertThat(last.deleted()).isTrue();
    assertThat(store.find(pods, "default", "p")).isEmpty();
  }

  @Test
  void anUnboundPodGoesAtOnce() {
    store.create(pods, "default", pod("p", null), false);
    assertThat(store.delete(pods, "default", "p", DeleteOptions.defaults()).deleted()).isTrue();
  }

  @Test
  void aWrongUidPreconditionIsAConflict() {
    store.create(pods, "default", pod("p", null), false);
    assertThatThrownBy(
            () -> store.delete(pods, "default", "p", DeleteOptions.now().withUid("other")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Precondition failed: UID in precondition: other");
  }

  @Test
  void finalizersHoldDeletionUntilTheLastIsRemoved() {
    store.create(
        configMaps,
        "default",
        obj("{\"metadata\":{\"name\":\"f\",\"finalizers\":[\"x\"]}}"),
        false);
    assertThat(store.delete(configMaps, "default", "f", DeleteOptions.defaults()).deleted())
        .isFalse();
    assertThat(store.find(configMaps, "default", "f")).isPresent();
    store.mutate(
        configMaps,
        "default",
        "f",
        "",
        c -> {
          Json.meta(c).remove("finalizers");
          return c;
        },
        false);
    assertThat(store.find(configMaps, "default", "f")).isEmpty();
  }

  @Test
  void aStaleResourceVersionIsAConflict() {
    ObjectNode cm =
        store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"c\"}}"), false);
    store.update(configMaps, "default", "c", cm, "", false);
    ObjectNode stale = cm.deepCopy();
    stale.putObject("data").put("k", "v");
    store.update(
        configMaps, "default", "c", store.get(configMaps, "default", "c").put("x", 1), "", false);
    assertThatThrownBy(() -> store.update(configMaps, "default", "c", stale, "", false))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo(409);
  }

  @Test
  void aWatchReplaysHistoryAndTranslatesSelectorTransitions() {
    long from = store.resourceVersion();
    store.create(pods, "default", pod("p", null), false);
    Recorder r = new Recorder();
    store.watch(pods, "", FieldSelector.parse("spec.nodeName=n1"), String.valueOf(from), false, r);
    store.mutate(
        pods,
        "default",
        "p",
        "binding",
        c -> {
          Json.child(c, "spec").put("nodeName", "n1");
          return c;
        },
        false);
    store.delete(pods, "default", "p", DeleteOptions.now());
    assertThat(r.events).containsExactly("ADDED p", "DELETED p");
  }

  @Test
  void aWatchFromBeforeTheHistoryWindowIsGone() {
    long from = store.resourceVersion();
    for (int i = 0; i < 150; i++) {
      store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"c" + i + "\"}}"), false);
    }
    assertThatThrownBy(
            () ->
                store.watch(configMaps, "", o -> true, String.valueOf(from), false, new Recorder()))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo(410);
  }

  @Test
  void aWatchWithoutVersionStartsWithTheCurrentStateAndDroppingItEndsIt() {
    store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"a\"}}"), false);
    Recorder r = new Recorder();
    store.watch(configMaps, "default", o -> true, "0", false, r);
    store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"b\"}}"), false);
    assertThat(r.events).containsExactly("ADDED a", "ADDED b");
    store.endAllWatches();
    assertThat(r.ended).isTrue();
    assertThat(store.watchCount()).isZero();
  }

  @Test
  void aWatcherThatCannotKeepUpIsCutWithoutSlowingTheWriter() {
    WatchSink full =
        new WatchSink() {
          boolean ended;

          @Override
          public boolean offer(String type, StoreEvent event) {
            return false;
          }

          @Override
          public void ended() {
            ended = true;
          }
        };
    store.watch(configMaps, "", o -> true, String.valueOf(store.resourceVersion()), false, full);
    assertThat(store.watchCount()).isEqualTo(1);
    store.create(configMaps, "default", obj("{\"metadata\":{\"name\":\"x\"}}"), false);
    assertThat(store.watchCount()).isZero();
    assertThat(store.find(configMaps, "default", "x")).isPresent();
  }
}
