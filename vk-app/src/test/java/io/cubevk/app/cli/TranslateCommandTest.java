package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TranslateCommandTest {

  static final Path EXAMPLES = Path.of("..", "examples", "seed");

  /** One in-process run of {@code cube-vk translate}. */
  record Run(int exit, String out, String err) {}

  static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    TranslateCommand translate = commandLine.getSubcommands().get("translate").getCommand();
    translate.stdin = () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    String[] all = new String[args.length + 1];
    all[0] = "translate";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = commandLine.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run example(String file, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "-f";
    args[1] = EXAMPLES.resolve(file).toString();
    System.arraycopy(options, 0, args, 2, options.length);
    return run("", args);
  }

  static String golden(String name) throws IOException {
    try (InputStream in = TranslateCommandTest.class.getResourceAsStream("translate/" + name)) {
      assertThat(in).as("golden file translate/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01-pod-nginx.yaml",
        "03-deployment-explicit-token.yaml",
        "04-udisk-storageclass-pvc-pod.yaml",
        "06-deployment-own-registry.yaml"
      })
  void everySeedExampleTranslatesAndExitsZero(String file) {
    Run run = example(file);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("kind: Pod").contains("resources:").contains("limits:");
  }

  @Test
  void theNginxPodPrintsItsCubeDocumentExactlyAsTheGoldenFile() throws IOException {
    Run run = example("01-pod-nginx.yaml");
    // Offline, the node is the seed's default (no cluster-IP support): the one warning is DNS.
    assertThat(run.err().lines())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("Pod/nginx: warning: spec.dnsPolicy:"));
    assertThat(run.out()).isEqualTo(golden("01-pod-nginx.cube.yaml"));
  }

  @Test
  void theOwnRegistryDeploymentPrintsAPlaceholderPullSecretAndSaysSo() throws IOException {
    Run run = example("06-deployment-own-registry.yaml");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(golden("06-deployment-own-registry.cube.yaml"));
    assertThat(run.err())
        .contains(
            "Deployment/nginx-myhub-deployment: warning: spec.template.spec.imagePullSecrets[0]:"
                + " image pull secret \"myhub\" is not resolved offline; a placeholder stands in");
  }

  @Test
  void jsonOutputIsOneArrayWithSizeCubeOptionsAndWarnings() {
    Run run = example("01-pod-nginx.yaml", "-o", "json");
    assertThat(run.exit()).isZero();
    JsonArray array = JsonParser.parseString(run.out()).getAsJsonArray();
    assertThat(array).hasSize(1);
    JsonObject nginx = array.get(0).getAsJsonObject();
    assertThat(nginx.get("kind").getAsString()).isEqualTo("Pod");
    assertThat(nginx.get("name").getAsString()).isEqualTo("nginx");
    assertThat(nginx.getAsJsonObject("size").get("cpu").getAsString()).isEqualTo("2");
    assertThat(nginx.getAsJsonObject("size").get("memory").getAsString()).isEqualTo("2Gi");
    assertThat(
            nginx
                .getAsJsonObject("cube")
                .getAsJsonObject("spec")
                .getAsJsonArray("containers")
                .get(0)
                .getAsJsonObject()
                .get("image")
                .getAsString())
        .isEqualTo("uhub.ucloud-global.com/ucloud/nginx:latest");
    assertThat(nginx.getAsJsonObject("options").get("chargeType").getAsString())
        .isEqualTo("Postpay");
    assertThat(nginx.getAsJsonObject("options").get("tag").getAsString()).isEqualTo("Default");
    assertThat(nginx.getAsJsonArray("warnings"))
        .singleElement()
        .satisfies(w -> assertThat(w.getAsString()).startsWith("spec.dnsPolicy: ClusterFirst"));
  }

  @Test
  void theNodeDefaultSizeSizesPodsThatAskForNothing() {
    Run run =
        example(
            "03-deployment-explicit-token.yaml", "--node-default-size", "500m:512Mi", "-o", "json");
    assertThat(run.exit()).isZero();
    JsonObject size =
        JsonParser.parseString(run.out())
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("size");
    assertThat(size.get("cpu").getAsString()).isEqualTo("500m");
    assertThat(size.get("memory").getAsString()).isEqualTo("512Mi");
  }

  @Test
  void strictTurnsUnresolvedInputsIntoErrorsAndExitsTwo() {
    Run run = example("04-udisk-storageclass-pvc-pod.yaml", "--strict");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(
            "Pod/nginx: spec.volumes[0].persistentVolumeClaim.claimName: persistentvolumeclaim"
                + " \"logdisk-claim\" cannot be resolved offline (--strict)");
  }

  @Test
  void otherKindsAreSkippedWithANote() {
    Run run = example("04-udisk-storageclass-pvc-pod.yaml");
    assertThat(run.exit()).isZero();
    assertThat(run.err())
        .contains("StorageClass/ssd-csi-udisk: skipped")
        .contains("PersistentVolumeClaim/logdisk-claim: skipped");
  }

  @Test
  void violationsArePrintedOnePerLineWithPathsFromTheDocumentRootAndExitTwo() {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
              annotations:
                cube.ucloud.cn/cube-eip: "yes"
            spec:
              hostNetwork: true
              containers:
              - name: web
                image: uhub.ucloud-global.com/ucloud/nginx:latest
              volumes:
              - name: logs
                hostPath: {path: /var/log}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: fine}
        spec:
          containers:
          - name: fine
            image: uhub.ucloud-global.com/ucloud/nginx:latest
        """;
    Run run = run(deployment, "-f", "-");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactlyInAnyOrder(
            "Deployment/web: spec.template.spec.hostNetwork: true is not supported by Cube: each"
                + " Cube has its own VPC address; remove it",
            "Deployment/web: spec.template.metadata.annotations['cube.ucloud.cn/cube-eip']: \"yes\""
                + " is not accepted; accepted: true, false",
            "Deployment/web: spec.template.spec.volumes[0].hostPath: not supported by Cube (a Cube"
                + " has no host to share); use an emptyDir, a ConfigMap or Secret, NFS, or a"
                + " PersistentVolumeClaim on UDisk",
            "Pod/fine: warning: spec.dnsPolicy: ClusterFirst: the virtual node has no cluster-IP support, so"
                + " the Cube cannot reach the cluster DNS; the Cube resolves names with its VPC's DNS"
                + " and Service names do not resolve (set dnsPolicy: Default if that is intended)");
    assertThat(run.out()).contains("name: fine");
  }

  @Test
  void nonKubernetesInputIsAOneLineErrorAndExitsOne() {
    Run run = example("05-dockerconfigjson.json");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines()).singleElement().asString().contains("not a Kubernetes object");
  }

  @Test
  void unreadableInputExitsOne() {
    assertThat(run("", "-f", "no/such/file.yaml").exit()).isEqualTo(1);
    Run broken = run("kind: [unclosed", "-f", "-");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err().lines()).singleElement().asString().contains("is not YAML");
    Run invalid =
        run(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: x, image: y, resources: {requests: {cpu: two}}}]}\n",
            "-f",
            "-");
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err().lines())
        .singleElement()
        .asString()
        .contains("Pod/x is not a valid Pod")
        .contains("two");
  }

  @Test
  void aDefaultSizeCubeDoesNotOfferIsRefused() {
    Run run = example("01-pod-nginx.yaml", "--node-default-size", "3:3Gi");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("3/3Gi is not a Cube size");
  }
}
