package io.cubevk.app.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the cluster as kubectl does, in this order: {@code --kubeconfig}, {@code KUBECONFIG} (its
 * first file), the pod's service account (in-cluster), {@code ~/.kube/config}.
 */
final class Kubeconfigs {

  static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private Kubeconfigs() {}

  /** Where the client will come from, for messages; empty when there is nowhere to look. */
  static Optional<String> describe(Optional<Path> flag, Map<String, String> env) {
    return file(flag, env)
        .map(p -> "kubeconfig " + p)
        .or(() -> inCluster(env) ? Optional.of("in-cluster service account") : Optional.empty());
  }

  /**
   * A client for the cluster.
   *
   * @throws IOException naming the file that cannot be read
   * @throws IllegalStateException when there is no kubeconfig and no service account
   */
  static ApiClient client(Optional<Path> flag, Map<String, String> env) throws IOException {
    Optional<Path> file = file(flag, env);
    ApiClient client;
    if (file.isPresent()) {
      try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        KubeConfig config = KubeConfig.loadKubeConfig(reader);
        config.setFile(file.get().toFile()); // relative certificate paths resolve from here
        client = ClientBuilder.kubeconfig(config).build();
      } catch (IOException e) {
        throw new IOException("cannot read it: " + why(e), e);
      }
    } else if (inCluster(env)) {
      client = ClientBuilder.cluster().build();
    } else {
      throw new IllegalStateException(
          "no cluster to talk to: pass --kubeconfig FILE, set KUBECONFIG, or run in a pod");
    }
    // Informers hold watches open for minutes: no read timeout, as client-java's own examples.
    client.setHttpClient(
        client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
    return client;
  }

  static final Path SERVICE_ACCOUNT_CA =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");

  /**
   * The cluster's CA bundle (PEM) from where the client came from: the kubeconfig's cluster ({@code
   * certificate-authority-data} or {@code -file}) or the service account's {@code ca.crt}. The
   * kubelet API checks the API server's client certificate against it, as kubelet's {@code
   * --client-ca-file} usually names the cluster CA.
   *
   * @return empty when the cluster is reached without a CA (plain HTTP, or the system's trust)
   */
  static Optional<String> clusterCa(Optional<Path> flag, Map<String, String> env)
      throws IOException {
    Optional<Path> file = file(flag, env);
    if (file.isPresent()) {
      try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        KubeConfig config = KubeConfig.loadKubeConfig(reader);
        config.setFile(file.get().toFile());
        byte[] ca =
            config.getDataOrFileRelative(
                config.getCertificateAuthorityData(), config.getCertificateAuthorityFile());
        return ca == null || ca.length == 0
            ? Optional.empty()
            : Optional.of(new String(ca, StandardCharsets.US_ASCII));
      }
    }
    if (inCluster(env) && Files.isReadable(SERVICE_ACCOUNT_CA)) {
      return Optional.of(Files.readString(SERVICE_ACCOUNT_CA, StandardCharsets.US_ASCII));
    }
    return Optional.empty();
  }

  /** An I/O failure as a person reads it (the JDK's messages are often only the path). */
  static String why(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Optional<Path> file(Optional<Path> flag, Map<String, String> env) {
    if (flag.isPresent()) {
      return flag;
    }
    String variable = env.getOrDefault("KUBECONFIG", "");
    if (!variable.isBlank()) {
      return Optional.of(Path.of(variable.split(File.pathSeparator)[0]));
    }
    if (inCluster(env)) {
      return Optional.empty();
    }
    Path home =
        Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
    return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
  }

  private static boolean inCluster(Map<String, String> env) {
    return env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
  }
}
