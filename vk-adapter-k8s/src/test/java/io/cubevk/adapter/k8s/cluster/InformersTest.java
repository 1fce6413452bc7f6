package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the informer handlers pass on to the engine. */
class InformersTest {

  private final List<String> seen = new ArrayList<>();
  private final ResourceEventHandler<V1Pod> handler =
      Informers.onChangeByUid(
          p -> seen.add("changed " + p.getMetadata().getUid()),
          p -> seen.add("deleted " + p.getMetadata().getUid()));

  @Test
  void aPodReplacedUnderItsNameIsTheOldOnesDeletionAndTheNewOnesChange() {
    handler.onUpdate(pod("uid-old", "10"), pod("uid-new", "12"));

    assertThat(seen).containsExactly("deleted uid-old", "changed uid-new");
  }

  @Test
  void anUpdateOfTheSamePodIsAChangeAndAResyncOfTheSameVersionIsNothing() {
    handler.onUpdate(pod("uid-1", "10"), pod("uid-1", "11"));
    handler.onUpdate(pod("uid-1", "11"), pod("uid-1", "11"));

    assertThat(seen).containsExactly("changed uid-1");
  }

  private static V1Pod pod(String uid, String version) {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name("web-0")
                .namespace("default")
                .uid(uid)
                .resourceVersion(version));
  }
}
