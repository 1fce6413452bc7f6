package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cube-vk run} refuses a bad configuration before anything starts, naming every problem. */
class RunCommandTest {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand().withEnvironment(env));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void everyProblemIsReportedAtOnceNamingFileFieldAndWhatIsAccepted() throws IOException {
    Path config = dir.resolve("nodes.yaml");
    Files.writeString(
        config,
        """
        clusterId: uk8s-ABC
        zone: cn-bj2-05
        vpcId: uvnet-abc
        subnetid: subnet-def
        clusterDns: {ip: 10.96.0.300}
        nodes:
          - name: uk8s-abcd1234-vk-aaaaa
            maxPods: 300
            defaultSize: "3:5Gi"
          - name: uk8s-abcd1234-vk-aaaaa
            clusterIpSupport: maybe
        """,
        StandardCharsets.UTF_8);
    Path kubeconfig = dir.resolve("missing.kubeconfig");

    Run run =
        run(
            Map.of(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--config",
            config.toString(),
            "--kubelet-port",
            "70000");

    assertThat(run.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    String f = config.toString();
    assertThat(run.err())
        .contains("cube-vk run: cannot start; fix these and run again:")
        .contains("--kubelet-port: 70000 is not a port; accepted: 0 (any free) to 65535")
        .contains("kubeconfig " + kubeconfig + ": cannot read it: no such file")
        .contains(
            f
                + ": clusterId: 'uk8s-ABC' is not a UK8S cluster id; accepted: uk8s- and eight"
                + " lowercase letters or digits")
        .contains(f + ": region: required (e.g. cn-bj2)")
        .contains(
            f
                + ": subnetid: unknown field; accepted: clusterId, region, projectId, zone, vpcId,"
                + " subnetId, clusterDns, nodes")
        .contains(f + ": clusterDns.ip: '10.96.0.300' is not an IP address")
        .contains(f + ": nodes[0].maxPods: 300 is out of range; accepted: 1 to 200")
        .contains(f + ": nodes[0].defaultSize: 3/5Gi is not a Cube size; allowed sizes: 500m/512Mi")
        .contains(f + ": nodes[0].subnetId: must not be empty (set it on the node or at the top)")
        .contains(f + ": nodes[1].name: uk8s-abcd1234-vk-aaaaa is listed twice")
        .contains(f + ": nodes[1].clusterIpSupport: 'maybe' is not true or false")
        .contains("the environment: UCLOUD_PUBLIC_KEY is missing")
        .contains("the environment: UCLOUD_PRIVATE_KEY is missing");
  }

  @Test
  void aCredentialsFileIsReadAndItsValuesNeverShowInMessages() throws IOException {
    Path credentials = dir.resolve("ucloud.env");
    Files.writeString(
        credentials,
        "# UCloud API keys\nUCLOUD_PUBLIC_KEY=pub-123456\nnot a pair\n",
        StandardCharsets.UTF_8);

    Run run =
        run(
            Map.of(),
            "--kubeconfig",
            dir.resolve("none").toString(),
            "--config",
            dir.resolve("none.yaml").toString(),
            "--credentials-file",
            credentials.toString());

    assertThat(run.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(run.err())
        .contains("--credentials-file " + credentials + ": line 3 is not NAME=value")
        .contains("--credentials-file " + credentials + ": UCLOUD_PRIVATE_KEY is missing")
        .doesNotContain("UCLOUD_PUBLIC_KEY is missing")
        .doesNotContain("pub-123456")
        .contains(dir.resolve("none.yaml") + ": cannot read it: no such file");
  }

  @Test
  void withoutAnyKubeconfigItSaysWhereItLooked() {
    Run run = run(Map.of("HOME", dir.toString()), "--cloud", "fake", "--config", "x.yaml");

    assertThat(run.exit()).isEqualTo(RunCommand.BAD_CONFIG);
    assertThat(run.err())
        .contains("no cluster to talk to: pass --kubeconfig FILE, set KUBECONFIG, or run in a pod");
  }
}
