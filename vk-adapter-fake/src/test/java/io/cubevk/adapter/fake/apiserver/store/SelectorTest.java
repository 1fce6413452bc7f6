package io.cubevk.adapter.fake.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

  @Test
  void labelSelectorSupportsEqualitySetBasedAndExistence() {
    Map<String, String> labels = Map.of("app", "web", "tier", "front");
    assertThat(LabelSelector.parse("app=web").test(labels)).isTrue();
    assertThat(LabelSelector.parse("app==web,tier!=back").test(labels)).isTrue();
    assertThat(LabelSelector.parse("app in (api, web),tier notin (db)").test(labels)).isTrue();
    assertThat(LabelSelector.parse("app,!canary").test(labels)).isTrue();
    assertThat(LabelSelector.parse("app=api").test(labels)).isFalse();
    assertThat(LabelSelector.parse("!app").test(labels)).isFalse();
    assertThat(LabelSelector.parse("tier notin (front)").test(labels)).isFalse();
  }

  @Test
  void malformedLabelSelectorIsA400() {
    assertThatThrownBy(() -> LabelSelector.parse("app in web"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("expected: '(' value list ')'");
  }

  @Test
  void workloadSelectorObjectMatchesLabelsAndExpressions() {
    LabelSelector s =
        LabelSelector.ofObject(
            Json.parse(
                ("{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
                        + "[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"front\"]}]}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(s.test(Map.of("app", "web", "tier", "front"))).isTrue();
    assertThat(s.test(Map.of("app", "web"))).isFalse();
    assertThat(LabelSelector.ofObject(null).test(Map.of())).isFalse();
  }

  @Test
  void fieldSelectorComparesPathsAndTreatsMissingAsEmpty() {
    var pod =
        Json.parse(
            "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{\"nodeName\":\"n1\"},\"status\":{\"phase\":\"Running\"}}"
                .getBytes(StandardCharsets.UTF_8));
    var unbound = Json.parse("{\"metadata\":{\"name\":\"q\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(FieldSelector.parse("spec.nodeName=n1").test(pod)).isTrue();
    assertThat(FieldSelector.parse("spec.nodeName==n1,status.phase!=Failed").test(pod)).isTrue();
    assertThat(FieldSelector.parse("metadata.name=p,metadata.namespace=d").test(pod)).isTrue();
    assertThat(FieldSelector.parse("spec.nodeName=").test(unbound)).isTrue();
    assertThat(FieldSelector.parse("spec.nodeName!=").test(unbound)).isFalse();
    assertThat(FieldSelector.parse("status.phase=Pending").test(pod)).isFalse();
  }

  @Test
  void fieldSelectorOnEventsInvolvedObjectAsKubectlDescribeSendsIt() {
    var event =
        Json.parse(
            "{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"d\",\"uid\":\"u1\"}}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(
            FieldSelector.parse(
                    "involvedObject.name=p,involvedObject.namespace=d,involvedObject.kind=Pod,"
                        + "involvedObject.uid=u1")
                .test(event))
        .isTrue();
  }
}
