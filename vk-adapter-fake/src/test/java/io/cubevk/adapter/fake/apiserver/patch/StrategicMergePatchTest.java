package io.cubevk.adapter.fake.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patch cases from Kubernetes' documentation ("Update API Objects in Place Using
 * kubectl patch") and from the strategic-merge-patch design doc, plus the two other formats.
 */
class StrategicMergePatchTest {

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode smp(String original, String patch) {
    return Patches.apply(Patches.STRATEGIC_MERGE_PATCH, "Deployment", json(original), json(patch));
  }

  // The documented "patch-file.yaml" example: a second container is merged in by name.
  @Test
  void containersAreMergedByNameSoBothContainersRemain() {
    JsonNode out =
        smp(
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx'}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}");
    assertThat(out.at("/spec/template/spec/containers").toString())
        .isEqualTo(
            "[{\"name\":\"patch-demo-ctr\",\"image\":\"nginx\"},"
                + "{\"name\":\"patch-demo-ctr-2\",\"image\":\"redis\"}]");
  }

  // The documented tolerations example: a list without a patch strategy is replaced.
  @Test
  void tolerationsHaveNoMergeKeySoThePatchReplacesTheList() {
    JsonNode out =
        smp(
            "{'spec':{'template':{'spec':{'tolerations':[{'effect':'NoSchedule','key':'dedicated','value':'test-team'}]}}}}",
            "{'spec':{'template':{'spec':{'tolerations':[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}}}}");
    assertThat(out.at("/spec/template/spec/tolerations")).hasSize(1);
    assertThat(out.at("/spec/template/spec/tolerations/0/key").asText()).isEqualTo("disktype");
  }

  // The documented $retainKeys example: switching the strategy to Recreate drops rollingUpdate.
  @Test
  void retainKeysClearsFieldsNotListed() {
    JsonNode out =
        smp(
            "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
    assertThat(out.at("/spec/strategy").toString()).isEqualTo("{\"type\":\"Recreate\"}");
  }

  @Test
  void patchDeleteDirectiveRemovesTheKeyedElement() {
    JsonNode out =
        smp(
            "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}",
            "{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}");
    assertThat(out.at("/spec/containers").toString())
        .isEqualTo("[{\"name\":\"b\",\"image\":\"y\"}]");
  }

  @Test
  void patchReplaceDirectiveReplacesAMapOrAList() {
    JsonNode map =
        smp(
            "{'metadata':{'labels':{'a':'1','b':'2'}}}",
            "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}");
    assertThat(map.at("/metadata/labels").toString()).isEqualTo("{\"c\":\"3\"}");
    JsonNode list =
        smp(
            "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'z'},{'$patch':'replace'}]}}");
    assertThat(list.at("/spec/containers").toString())
        .isEqualTo("[{\"name\":\"c\",\"image\":\"z\"}]");
  }

  // What kubectl apply sends: $setElementOrder with keyed merges and null deletes.
  @Test
  void setElementOrderOrdersTheMergedListAndNullDeletesAField() {
    JsonNode out =
        smp(
            "{'metadata':{'annotations':{'keep':'1','drop':'2'}},'spec':{'containers':["
                + "{'name':'a','image':'x','env':[{'name':'E','value':'1'}]},"
                + "{'name':'b','image':'y'}]}}",
            "{'metadata':{'annotations':{'drop':null}},'spec':{'$setElementOrder/containers':"
                + "[{'name':'b'},{'name':'a'}],'containers':[{'name':'a','image':'x2',"
                + "'env':[{'name':'F','value':'2'}]}]}}");
    assertThat(out.at("/metadata/annotations").toString()).isEqualTo("{\"keep\":\"1\"}");
    assertThat(out.at("/spec/containers/0/name").asText()).isEqualTo("b");
    assertThat(out.at("/spec/containers/1/image").asText()).isEqualTo("x2");
    assertThat(out.at("/spec/containers/1/env")).hasSize(2);
  }

  @Test
  void volumeMountsMergeByMountPathAndContainerPortsByContainerPort() {
    JsonNode out =
        smp(
            "{'spec':{'containers':[{'name':'a','image':'x','volumeMounts':[{'name':'v','mountPath':'/a'}],"
                + "'ports':[{'containerPort':80,'name':'http'}]}]}}",
            "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'w','mountPath':'/a'}],"
                + "'ports':[{'containerPort':443}]}]}}");
    assertThat(out.at("/spec/containers/0/volumeMounts")).hasSize(1);
    assertThat(out.at("/spec/containers/0/volumeMounts/0/name").asText()).isEqualTo("w");
    assertThat(out.at("/spec/containers/0/ports")).hasSize(2);
  }

  @Test
  void statusConditionsMergeByTypeAndFinalizersMergeAsASet() {
    JsonNode out =
        smp(
            "{'metadata':{'finalizers':['a']},'status':{'conditions':[{'type':'Ready','status':'False'},"
                + "{'type':'PodScheduled','status':'True'}]}}",
            "{'metadata':{'finalizers':['b','a']},'status':{'conditions':[{'type':'Ready','status':'True'}]}}");
    assertThat(out.at("/metadata/finalizers").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(out.at("/status/conditions")).hasSize(2);
    assertThat(out.at("/status/conditions/0/status").asText()).isEqualTo("True");
  }

  @Test
  void deleteFromPrimitiveListRemovesValues() {
    JsonNode out =
        smp(
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}");
    assertThat(out.at("/metadata/finalizers").toString()).isEqualTo("[\"a\",\"c\"]");
  }

  @Test
  void mergePatchReplacesListsWholeAndNullDeletes() {
    JsonNode out =
        Patches.apply(
            Patches.MERGE_PATCH,
            "Pod",
            json(
                "{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'a'},{'name':'b'}]}}"),
            json(
                "{'metadata':{'labels':{'a':null,'b':'2'}},'spec':{'containers':[{'name':'c'}]}}"));
    assertThat(out.at("/metadata/labels").toString()).isEqualTo("{\"b\":\"2\"}");
    assertThat(out.at("/spec/containers")).hasSize(1);
  }

  @Test
  void jsonPatchAppliesOperationsAndAFailedTestIsInvalid() {
    ObjectNode target = json("{'spec':{'replicas':1}}");
    JsonNode out =
        Patches.apply(
            Patches.JSON_PATCH,
            "Deployment",
            target,
            Json.parse(
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(out.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(target.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                Patches.apply(
                    Patches.JSON_PATCH,
                    "Deployment",
                    target,
                    Json.parse(
                        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]"
                            .getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo(422);
  }

  @Test
  void servicePortsMergeByPort() {
    JsonNode out =
        Patches.apply(
            Patches.STRATEGIC_MERGE_PATCH,
            "Service",
            json("{'spec':{'ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}}"),
            json("{'spec':{'ports':[{'port':80,'targetPort':8080}]}}"));
    assertThat(out.at("/spec/ports")).hasSize(2);
    assertThat(out.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
  }
}
