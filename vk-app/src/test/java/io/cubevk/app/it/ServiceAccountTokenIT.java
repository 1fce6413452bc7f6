package io.cubevk.app.it;

import static io.cubevk.app.it.CubeDocuments.file;
import static io.cubevk.app.it.CubeDocuments.filesAt;
import static io.cubevk.app.it.CubeDocuments.mountedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.decision.PodDecision;
import io.cubevk.domain.translation.TokenTimes;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DownwardAPIProjection;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.kubernetes.client.util.Yaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service-account tokens end to end (issue 10): the agent serves the {@code kube-api-access-*}
 * volume Cube cannot mount, with tokens the in-process API server issued and accepts in a
 * TokenReview as the pod's account, bound to the pod; renews them before they expire; fails pods
 * whose account is gone; and leaves the seed's workaround (a token Secret mounted explicitly)
 * alone.
 */
class ServiceAccountTokenIT extends ClusterHarness {

  static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final Path SEED = Path.of("..", "examples", "seed");

  /** Shared by the API server (token expiry) and the agent (when a token is due). */
  private final SkippingClock clock = new SkippingClock();

  @Override
  protected Clock clock() {
    return clock;
  }

  @Test
  void aPodWithTheDefaultAutomountGetsATokenTheApiServerAcceptsAsItsAccountBoundToThePod() {
    startAgent(node);

    V1Pod created = create(onNode(nginx("web")));
    awaitPhase("web", "Running");

    CubeSpec cube = cubeOf(created).spec();
    CubeVolume.Files access = filesAt(cube, "nginx", TOKEN_PATH);
    assertThat(access.name()).startsWith("kube-api-access-");
    assertThat(access.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(access.items()).containsOnlyKeys("token", "ca.crt", "namespace");
    assertThat(file(access, "ca.crt")).isEqualTo(server.caCertificatePem());
    assertThat(file(access, "namespace")).isEqualTo(NAMESPACE);
    assertThat(CubeDocuments.container(cube, "nginx").volumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.mountPath()).isEqualTo(TOKEN_PATH);
              assertThat(m.readOnly()).isTrue();
            });
    String token = file(access, "token");
    V1TokenReviewStatus review = review(token);
    assertThat(review.getAuthenticated()).isTrue();
    assertThat(review.getUser().getUsername()).isEqualTo("system:serviceaccount:default:default");
    assertThat(review.getUser().getExtra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("web"))
        .containsEntry(
            "authentication.kubernetes.io/pod-uid", List.of(created.getMetadata().getUid()));
    TokenTimes times = TokenTimes.of(token).orElseThrow();
    assertThat(Duration.between(times.issuedAt(), times.expiresAt()))
        .as("the lifetime the ServiceAccount admission asks for")
        .isEqualTo(Duration.ofSeconds(3607));

    delete("web");
    awaitGone("web");

    assertThat(cubesOf(uid(created))).isEmpty();
    assertThat(review(token).getAuthenticated())
        .as("a token bound to the pod dies with it")
        .isFalse();
  }

  @Test
  void aTenMinuteProjectedTokenIsRenewedInTheCubeBeforeItExpires() {
    startAgent(quickResync(), Agent.nodeSettings(), false, node);
    V1Pod pod = onNode(nginx("short"));
    pod.getSpec()
        .automountServiceAccountToken(false)
        .addVolumesItem(
            projected(
                "token",
                new V1VolumeProjection()
                    .serviceAccountToken(
                        new V1ServiceAccountTokenProjection()
                            .path("token")
                            .expirationSeconds(600L))));
    mount(pod, "token", "/var/run/secrets/tokens");
    V1Pod created = create(pod);
    awaitPhase("short", "Running");
    CubeId cubeId = cubeOf(created).cubeId();
    String first = tokenIn(created, "/var/run/secrets/tokens");
    TokenTimes firstTimes = TokenTimes.of(first).orElseThrow();
    assertThat(Duration.between(firstTimes.issuedAt(), firstTimes.expiresAt()))
        .isEqualTo(Duration.ofSeconds(600));
    long renewals = cloud.callLog().count(CloudAction.RENEW_CUBE_POD);

    // 490 s of the token's 600 have passed: past kubelet's 80 % (480 s), before its expiry.
    clock.skip(Duration.ofSeconds(490));

    await("a new token in the Cube")
        .atMost(AT_MOST)
        .until(() -> !tokenIn(created, "/var/run/secrets/tokens").equals(first));
    Instant renewedBy = clock.instant();
    String second = tokenIn(created, "/var/run/secrets/tokens");
    assertThat(renewedBy)
        .as("renewed before the first token expired")
        .isBefore(firstTimes.expiresAt());
    assertThat(review(first).getAuthenticated())
        .as("the old token was still valid when it was replaced")
        .isTrue();
    V1TokenReviewStatus review = review(second);
    assertThat(review.getAuthenticated()).isTrue();
    assertThat(review.getUser().getExtra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("short"));
    TokenTimes secondTimes = TokenTimes.of(second).orElseThrow();
    assertThat(secondTimes.issuedAt()).isAfterOrEqualTo(firstTimes.issuedAt().plusSeconds(490));
    assertThat(Duration.between(secondTimes.issuedAt(), secondTimes.expiresAt()))
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(cloud.callLog().count(CloudAction.RENEW_CUBE_POD)).isGreaterThan(renewals);
    assertThat(cubeOf(created).cubeId()).as("renewed in place, not recreated").isEqualTo(cubeId);
    assertThat(phase("short")).isEqualTo("Running");
    await("Renewed event")
        .atMost(AT_MOST)
        .until(() -> eventsAbout("short").stream().anyMatch(e -> "Renewed".equals(e.getReason())));
    assertThat(eventsAbout("short"))
        .as("no event carries a token")
        .noneMatch(e -> e.getMessage().contains(first) || e.getMessage().contains(second));
  }

  @Test
  void theApiServerRefusesProjectedTokensShorterThanTenMinutes() {
    V1Pod pod = onNode(nginx("too-short"));
    pod.getSpec()
        .addVolumesItem(
            projected(
                "token",
                new V1VolumeProjection()
                    .serviceAccountToken(
                        new V1ServiceAccountTokenProjection()
                            .path("token")
                            .expirationSeconds(60L))));

    ApiException refused = refusedCreate(pod);

    // As the real API server: a pod asking for one is invalid, so it never reaches the agent.
    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getResponseBody())
        .contains("spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds")
        .contains("may not specify a duration less than 10 minutes");
    assertThat(pod("too-short")).isEmpty();
  }

  @Test
  void aPodWhoseServiceAccountWasDeletedFailsWithServiceAccountNotFoundAndNoCube()
      throws Exception {
    user.createNamespacedServiceAccount(
            NAMESPACE, new V1ServiceAccount().metadata(new V1ObjectMeta().name("robot")))
        .execute();
    V1Pod pod = onNode(nginx("orphan"));
    pod.getSpec().serviceAccountName("robot");
    create(pod); // admitted: the account exists
    user.deleteNamespacedServiceAccount("robot", NAMESPACE).execute();

    startAgent(node);

    awaitPhase("orphan", "Failed");
    V1PodStatus status = pod("orphan").orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(PodDecision.SERVICE_ACCOUNT_NOT_FOUND);
    assertThat(status.getMessage())
        .contains("service account \"robot\" does not exist in namespace \"default\"");
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
    await("ServiceAccountNotFound event")
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("orphan").stream()
                    .anyMatch(e -> PodDecision.SERVICE_ACCOUNT_NOT_FOUND.equals(e.getReason())));
  }

  @Test
  void aPodWithAutomountOffGetsNoTokenAndNoTokenIsRequested() {
    startAgent(node);
    V1Pod pod = onNode(nginx("no-token"));
    pod.getSpec().automountServiceAccountToken(false);

    V1Pod created = create(pod);
    awaitPhase("no-token", "Running");

    CubeSpec cube = cubeOf(created).spec();
    assertThat(mountedAt(cube, "nginx", TOKEN_PATH)).isEmpty();
    assertThat(cube.volumes()).isEmpty();
    assertThat(server.requestLog().count(r -> r.subresource().equals("token"))).isZero();
  }

  @Test
  void theSeedsWorkaroundATokenSecretMountedExplicitlyWorksUnchanged() throws Exception {
    startAgent(node);
    V1Secret secret = (V1Secret) Yaml.load(SEED.resolve("02-secret-default-token.yaml").toFile());
    user.createNamespacedSecret(NAMESPACE, secret).execute();
    // The token controller fills the Secret; the seed's user applies the Deployment after that.
    await("token Secret filled")
        .atMost(AT_MOST)
        .until(() -> secretData("default-token").containsKey("token"));
    V1Deployment deployment =
        (V1Deployment) Yaml.load(SEED.resolve("03-deployment-explicit-token.yaml").toFile());
    new AppsV1Api(user.getApiClient()).createNamespacedDeployment(NAMESPACE, deployment).execute();

    V1Pod running =
        await("the Deployment's pod running")
            .atMost(AT_MOST)
            .until(() -> runningPodLabelled("app=nginx"), p -> p != null);

    assertThat(running.getSpec().getVolumes())
        .as("admission injects nothing where the path is mounted")
        .noneMatch(v -> v.getName().startsWith("kube-api-access-"));
    CubeVolume.Files files = filesAt(cubeOf(running).spec(), "nginx", TOKEN_PATH);
    assertThat(files.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(files.sourceName()).isEqualTo("default-token");
    Map<String, byte[]> data = secretData("default-token");
    assertThat(files.items()).containsOnlyKeys(data.keySet());
    String token = file(files, "token");
    assertThat(token).isEqualTo(new String(data.get("token"), StandardCharsets.UTF_8));
    V1TokenReviewStatus review = review(token);
    assertThat(review.getAuthenticated()).isTrue();
    assertThat(review.getUser().getUsername()).isEqualTo("system:serviceaccount:default:default");
    assertThat(server.requestLog().count(r -> r.subresource().equals("token")))
        .as("a mounted Secret needs no TokenRequest")
        .isZero();
  }

  @Test
  void aProjectedVolumeOfSecretConfigMapDownwardApiAndTokenIsRenderedAsOneSecret()
      throws Exception {
    startAgent(node);
    user.createNamespacedSecret(
            NAMESPACE,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("db"))
                .stringData(Map.of("password", "s3cret", "user", "app")))
        .execute();
    user.createNamespacedConfigMap(
            NAMESPACE,
            new V1ConfigMap()
                .metadata(new V1ObjectMeta().name("settings"))
                .data(Map.of("mode", "blue")))
        .execute();
    V1Pod pod = onNode(nginx("bundle"));
    pod.getMetadata().labels(Map.of("app", "shop", "tier", "front"));
    pod.getSpec()
        .addVolumesItem(
            projected(
                "bundle",
                new V1VolumeProjection()
                    .secret(
                        new V1SecretProjection()
                            .name("db")
                            .addItemsItem(new V1KeyToPath().key("password").path("db/password"))),
                new V1VolumeProjection().configMap(new V1ConfigMapProjection().name("settings")),
                new V1VolumeProjection()
                    .downwardAPI(
                        new V1DownwardAPIProjection()
                            .addItemsItem(field("name", "metadata.name"))
                            .addItemsItem(field("labels", "metadata.labels"))),
                new V1VolumeProjection()
                    .serviceAccountToken(
                        new V1ServiceAccountTokenProjection()
                            .audience("vault")
                            .expirationSeconds(7200L)
                            .path("vault-token"))));
    mount(pod, "bundle", "/etc/bundle");

    V1Pod created = create(pod);
    awaitPhase("bundle", "Running");

    CubeVolume.Files files = filesAt(cubeOf(created).spec(), "nginx", "/etc/bundle");
    assertThat(files.kind())
        .as("a token or a Secret makes the files a secret")
        .isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(files.items())
        .containsOnlyKeys("db/password", "mode", "name", "labels", "vault-token");
    assertThat(file(files, "db/password")).isEqualTo("s3cret");
    assertThat(file(files, "mode")).isEqualTo("blue");
    assertThat(file(files, "name")).isEqualTo("bundle");
    assertThat(file(files, "labels")).isEqualTo("app=\"shop\"\ntier=\"front\"");
    String token = file(files, "vault-token");
    assertThat(review(token, "vault").getAuthenticated()).isTrue();
    assertThat(review(token).getAuthenticated())
        .as("a token for vault is not one for the API server")
        .isFalse();
    TokenTimes times = TokenTimes.of(token).orElseThrow();
    assertThat(Duration.between(times.issuedAt(), times.expiresAt()))
        .isEqualTo(Duration.ofSeconds(7200));
  }

  // ------------------------------------------------------------------ helpers

  /** The engine's full resync every second: after a clock skip, the pod is looked at again. */
  private static PodEngine.Settings quickResync() {
    PodEngine.Settings base = Agent.testSettings();
    return new PodEngine.Settings(
        base.workers(),
        base.cubeCache(),
        base.orphanGrace(),
        base.orphanInterval(),
        Duration.ofSeconds(1));
  }

  private String tokenIn(V1Pod pod, String path) {
    return file(filesAt(cubeOf(pod).spec(), "nginx", path), "token");
  }

  private V1TokenReviewStatus review(String token, String... audiences) {
    V1TokenReviewSpec spec = new V1TokenReviewSpec().token(token);
    if (audiences.length > 0) {
      spec.audiences(List.of(audiences));
    }
    try {
      return new AuthenticationV1Api(user.getApiClient())
          .createTokenReview(new V1TokenReview().spec(spec))
          .execute()
          .getStatus();
    } catch (ApiException e) {
      throw new AssertionError("TokenReview failed: " + e.getCode() + " " + e.getResponseBody());
    }
  }

  private ApiException refusedCreate(V1Pod pod) {
    try {
      user.createNamespacedPod(NAMESPACE, pod).execute();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("pod " + pod.getMetadata().getName() + " was accepted");
  }

  private Map<String, byte[]> secretData(String name) throws ApiException {
    Map<String, byte[]> data = user.readNamespacedSecret(name, NAMESPACE).execute().getData();
    return data == null ? Map.of() : data;
  }

  private V1Pod runningPodLabelled(String selector) throws ApiException {
    return user.listNamespacedPod(NAMESPACE).labelSelector(selector).execute().getItems().stream()
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElse(null);
  }

  private static V1Volume projected(String name, V1VolumeProjection... sources) {
    return new V1Volume()
        .name(name)
        .projected(new V1ProjectedVolumeSource().sources(List.of(sources)));
  }

  private static V1DownwardAPIVolumeFile field(String path, String fieldPath) {
    return new V1DownwardAPIVolumeFile()
        .path(path)
        .fieldRef(new V1ObjectFieldSelector().fieldPath(fieldPath));
  }

  private static void mount(V1Pod pod, String volume, String path) {
    pod.getSpec()
        .getContainers()
        .get(0)
        .addVolumeMountsItem(new V1VolumeMount().name(volume).mountPath(path).readOnly(true));
  }
}
