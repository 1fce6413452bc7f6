package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Protobuf bodies built with client-java-proto (generated from Kubernetes' own generated.proto), so
 * the field numbers the server reads are checked against the real schema.
 */
class ProtobufBodiesTest {

  private static byte[] envelope(String apiVersion, String kind, MessageLite object)
      throws Exception {
    Runtime.Unknown u =
        Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString())
            .setContentEncoding("")
            .setContentType("")
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {'k', '8', 's', 0});
    u.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void aDockerRegistrySecretAsKubectlCreateSendsIt() throws Exception {
    V1.Secret secret =
        V1.Secret.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("myhub").setNamespace(""))
            .putData(".dockerconfigjson", ByteString.copyFromUtf8("{\"auths\":{}}"))
            .setType("kubernetes.io/dockerconfigjson")
            .build();
    JsonNode json = ProtobufBodies.decode(envelope("v1", "Secret", secret));
    assertThat(json.path("kind").asText()).isEqualTo("Secret");
    assertThat(json.at("/metadata/name").asText()).isEqualTo("myhub");
    assertThat(json.at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(json.path("type").asText()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(json.at("/data/.dockerconfigjson").asText())
        .isEqualTo(
            java.util.Base64.getEncoder()
                .encodeToString("{\"auths\":{}}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aDeploymentWithItsPodTemplate() throws Exception {
    V1.Container container =
        V1.Container.newBuilder()
            .setName("nginx")
            .setImage("nginx:1.27")
            .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP"))
            .addEnv(V1.EnvVar.newBuilder().setName("MODE").setValue("blue"))
            .setResources(
                V1.ResourceRequirements.newBuilder()
                    .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build()))
            .build();
    V1Apps.Deployment d =
        V1Apps.Deployment.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").putLabels("app", "web"))
            .setSpec(
                V1Apps.DeploymentSpec.newBuilder()
                    .setReplicas(0)
                    .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                    .setTemplate(
                        V1.PodTemplateSpec.newBuilder()
                            .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                            .setSpec(
                                V1.PodSpec.newBuilder()
                                    .addContainers(container)
                                    .setRestartPolicy("Always")
                                    .setAutomountServiceAccountToken(false)
                                    .putNodeSelector("type", "virtual-kubelet"))))
            .build();
    JsonNode json = ProtobufBodies.decode(envelope("apps/v1", "Deployment", d));
    assertThat(json.at("/spec/replicas").asInt(-1)).isZero();
    assertThat(json.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
    JsonNode c = json.at("/spec/template/spec/containers/0");
    assertThat(c.path("image").asText()).isEqualTo("nginx:1.27");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
    assertThat(c.at("/env/0/value").asText()).isEqualTo("blue");
    assertThat(c.at("/resources/limits/cpu").asText()).isEqualTo("500m");
    JsonNode spec = json.at("/spec/template/spec");
    assertThat(spec.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(spec.at("/nodeSelector/type").asText()).isEqualTo("virtual-kubelet");
  }

  @Test
  void aSelfSubjectAccessReviewAsKubectlAuthCanISendsIt() throws Exception {
    V1Authorization.SelfSubjectAccessReview r =
        V1Authorization.SelfSubjectAccessReview.newBuilder()
            .setSpec(
                V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                    .setResourceAttributes(
                        V1Authorization.ResourceAttributes.newBuilder()
                            .setNamespace("default")
                            .setVerb("list")
                            .setResource("pods")))
            .build();
    JsonNode json =
        ProtobufBodies.decode(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", r));
    assertThat(json.at("/spec/resourceAttributes/verb").asText()).isEqualTo("list");
    assertThat(json.at("/spec/resourceAttributes/resource").asText()).isEqualTo("pods");
  }

  @Test
  void otherKindsAreRefusedWith415AskingForJson() throws Exception {
    byte[] body = envelope("v1", "Pod", V1.Pod.newBuilder().build());
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("send Pod as application/json")
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo(415);
  }
}
