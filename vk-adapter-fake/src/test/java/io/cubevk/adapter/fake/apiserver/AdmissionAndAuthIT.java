package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admission, tokens, reviews and CSRs, through client-java over HTTPS. */
class AdmissionAndAuthIT {
  static KubeApiServer server;
  static ApiClient client;
  static CoreV1Api core;

  @BeforeAll
  static void start() {
    server =
        KubeApiServer.builder()
            .enforceAuthorization(true)
            .policy(
                Policy.parse(
                    Fixtures.json(
                        "{'rules':[{'users':['system:serviceaccount:default:reader'],"
                            + "'verbs':['get','list','watch'],'apiGroups':[''],"
                            + "'resources':['pods'],'namespaces':['default']}]}")))
            .start();
    client = Clients.of(server);
    core = new CoreV1Api(client);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPodGetsTheKubeApiAccessVolumeExactlyAsTheServiceAccountPluginInjectsIt() throws Exception {
    V1Pod pod =
        core.createNamespacedPod("default", ClientJavaInformerIT.pod("sa-pod", null)).execute();
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
    V1Volume v = pod.getSpec().getVolumes().get(0);
    assertThat(v.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    JsonNode projected =
        Json.MAPPER.valueToTree(
            Json.parse(
                client.getJSON().serialize(v.getProjected()).getBytes(StandardCharsets.UTF_8)));
    assertThat(projected)
        .isEqualTo(
            Fixtures.json(
                "{'sources':[{'serviceAccountToken':{'expirationSeconds':3607,'path':'token'}},"
                    + "{'configMap':{'name':'kube-root-ca.crt','items':[{'key':'ca.crt','path':'ca.crt'}]}},"
                    + "{'downwardAPI':{'items':[{'path':'namespace','fieldRef':{'apiVersion':'v1',"
                    + "'fieldPath':'metadata.namespace'}}]}}],'defaultMode':420}"));
    var mount = pod.getSpec().getContainers().get(0).getVolumeMounts().get(0);
    assertThat(mount.getName()).isEqualTo(v.getName());
    assertThat(mount.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(pod.getSpec().getTolerations())
        .extracting(t -> t.getKey() + "=" + t.getTolerationSeconds())
        .containsExactly("node.kubernetes.io/not-ready=300", "node.kubernetes.io/unreachable=300");
  }

  @Test
  void deletingAServiceAccountAnswersTheDeletedObjectAsClientJavaExpects() throws Exception {
    core.createNamespacedServiceAccount(
            "default", new V1ServiceAccount().metadata(new V1ObjectMeta().name("short-lived")))
        .execute();

    V1ServiceAccount deleted =
        core.deleteNamespacedServiceAccount("short-lived", "default").execute();

    assertThat(deleted.getMetadata().getName()).isEqualTo("short-lived");
    assertThatThrownBy(() -> core.readNamespacedServiceAccount("short-lived", "default").execute())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void noVolumeWhenTheServiceAccountOptsOutAnd403WhenItIsMissing() throws Exception {
    core.createNamespacedServiceAccount(
            "default",
            new V1ServiceAccount()
                .metadata(new V1ObjectMeta().name("quiet"))
                .automountServiceAccountToken(false))
        .execute();
    V1Pod p = ClientJavaInformerIT.pod("quiet-pod", null);
    p.getSpec().setServiceAccountName("quiet");
    assertThat(core.createNamespacedPod("default", p).execute().getSpec().getVolumes())
        .isNullOrEmpty();
    V1Pod q = ClientJavaInformerIT.pod("orphan-pod", null);
    q.getSpec().setServiceAccountName("nobody");
    assertThatThrownBy(() -> core.createNamespacedPod("default", q).execute())
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              assertThat(((ApiException) e).getCode()).isEqualTo(403);
              assertThat(((ApiException) e).getResponseBody())
                  .contains("serviceaccount \\\"nobody\\\" not found");
            });
  }

  @Test
  void everyNewNamespaceGetsTheDefaultServiceAccountAndTheRootCa() throws Exception {
    core.createNamespace(
            new io.kubernetes.client.openapi.models.V1Namespace()
                .metadata(new V1ObjectMeta().name("fresh")))
        .execute();
    assertThat(core.readNamespacedServiceAccount("default", "fresh").execute()).isNotNull();
    assertThat(core.readNamespacedConfigMap("kube-root-ca.crt", "fresh").execute().getData())
        .containsEntry("ca.crt", server.caCertificatePem());
  }

  @Test
  void aBoundTokenAuthenticatesUntilItsPodIsGoneAndIsHeldToThePolicy() throws Exception {
    core.createNamespacedServiceAccount(
            "default", new V1ServiceAccount().metadata(new V1ObjectMeta().name("reader")))
        .execute();
    V1Pod pod =
        core.createNamespacedPod("default", ClientJavaInformerIT.pod("holder", null)).execute();
    String token =
        core.createNamespacedServiceAccountToken(
                "reader",
                "default",
                new AuthenticationV1TokenRequest()
                    .spec(
                        new V1TokenRequestSpec()
                            .audiences(List.of("https://kubernetes.default.svc.cluster.local"))
                            .expirationSeconds(3600L)
                            .boundObjectRef(
                                new V1BoundObjectReference()
                                    .kind("Pod")
                                    .apiVersion("v1")
                                    .name("holder")
                                    .uid(pod.getMetadata().getUid()))))
            .execute()
            .getStatus()
            .getToken();

    V1TokenReview review =
        new AuthenticationV1Api(client)
            .createTokenReview(new V1TokenReview().spec(new V1TokenReviewSpec().token(token)))
            .execute();
    assertThat(review.getStatus().getAuthenticated()).isTrue();
    assertThat(review.getStatus().getUser().getUsername())
        .isEqualTo("system:serviceaccount:default:reader");
    assertThat(review.getStatus().getUser().getExtra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("holder"));

    ApiClient asReader =
        new ClientBuilder()
            .setBasePath(server.url())
            .setVerifyingSsl(true)
            .setCertificateAuthority(server.caCertificatePem().getBytes(StandardCharsets.US_ASCII))
            .setAuthentication(new AccessTokenAuthentication(token))
            .build();
    CoreV1Api readerApi = new CoreV1Api(asReader);
    assertThat(readerApi.listNamespacedPod("default").execute().getItems()).isNotEmpty();
    assertThatThrownBy(() -> readerApi.listNamespacedSecret("default").execute())
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).getCode())
        .isEqualTo(403);
    assertThat(server.requestLog().count(RequestLog.byUser("system:serviceaccount:default:reader")))
        .isEqualTo(2);

    core.deleteNamespacedPod("holder", "default").execute();
    V1TokenReview after =
        new AuthenticationV1Api(client)
            .createTokenReview(new V1TokenReview().spec(new V1TokenReviewSpec().token(token)))
            .execute();
    assertThat(after.getStatus().getAuthenticated()).isFalse();
  }

  @Test
  void subjectAccessReviewsAreAnsweredFromThePolicy() throws Exception {
    AuthorizationV1Api authz = new AuthorizationV1Api(client);
    assertThat(sar(authz, "system:serviceaccount:default:reader", List.of(), "list", "pods"))
        .isTrue();
    assertThat(sar(authz, "system:serviceaccount:default:reader", List.of(), "delete", "pods"))
        .isFalse();
    assertThat(sar(authz, "someone", List.of("system:masters"), "delete", "nodes")).isTrue();
  }

  private static boolean sar(
      AuthorizationV1Api api, String user, List<String> groups, String verb, String resource)
      throws ApiException {
    return api.createSubjectAccessReview(
            new V1SubjectAccessReview()
                .spec(
                    new V1SubjectAccessReviewSpec()
                        .user(user)
                        .groups(groups)
                        .resourceAttributes(
                            new V1ResourceAttributes()
                                .namespace("default")
                                .verb(verb)
                                .resource(resource))))
        .execute()
        .getStatus()
        .getAllowed();
  }

  @Test
  void aServiceAccountTokenSecretIsFilledByTheTokenController() throws Exception {
    core.createNamespacedServiceAccount(
            "default", new V1ServiceAccount().metadata(new V1ObjectMeta().name("legacy")))
        .execute();
    core.createNamespacedSecret(
            "default",
            new V1Secret()
                .metadata(
                    new V1ObjectMeta()
                        .name("legacy-token")
                        .annotations(Map.of("kubernetes.io/service-account.name", "legacy")))
                .type("kubernetes.io/service-account-token"))
        .execute();
    V1Secret s = core.readNamespacedSecret("legacy-token", "default").execute();
    assertThat(s.getData()).containsKeys("token", "ca.crt", "namespace");
    V1TokenReview review =
        new AuthenticationV1Api(client)
            .createTokenReview(
                new V1TokenReview()
                    .spec(
                        new V1TokenReviewSpec()
                            .token(new String(s.getData().get("token"), StandardCharsets.UTF_8))))
            .execute();
    assertThat(review.getStatus().getUser().getUsername())
        .isEqualTo("system:serviceaccount:default:legacy");
  }

  @Test
  void aKubeletServingCsrIsApprovedAndSignedByTheServersCa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "vk-1"),
              new GeneralName(GeneralName.iPAddress, "10.0.0.9")
            }));
    PKCS10CertificationRequest req =
        new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=system:nodes,CN=system:node:vk-1"), kp.getPublic())
            .addAttribute(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                ext.generate())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(req);
    }
    CertificatesV1Api certs = new CertificatesV1Api(client);
    certs
        .createCertificateSigningRequest(
            new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name("vk-1-serving"))
                .spec(
                    new V1CertificateSigningRequestSpec()
                        .request(pem.toString().getBytes(StandardCharsets.US_ASCII))
                        .signerName("kubernetes.io/kubelet-serving")
                        .usages(List.of("digital signature", "server auth"))))
        .execute();
    await()
        .until(
            () ->
                certs
                        .readCertificateSigningRequest("vk-1-serving")
                        .execute()
                        .getStatus()
                        .getCertificate()
                    != null);
    V1CertificateSigningRequest done =
        certs.readCertificateSigningRequest("vk-1-serving").execute();
    assertThat(done.getSpec().getUsername()).isEqualTo("admin");
    assertThat(done.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Approved");
              assertThat(c.getReason()).isEqualTo("AutoApproved");
            });
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(done.getStatus().getCertificate()));
    cert.verify(server.certificateAuthority().certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=system:node:vk-1");
    assertThat(cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
        .contains("vk-1", "10.0.0.9");
  }

  @Test
  void requestsWithoutCredentialsAreRefusedOverHttps() {
    assertThatThrownBy(
            () ->
                new CoreV1Api(
                        new ClientBuilder()
                            .setBasePath(server.url())
                            .setCertificateAuthority(
                                server.caCertificatePem().getBytes(StandardCharsets.US_ASCII))
                            .build())
                    .listNamespace()
                    .execute())
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).getCode())
        .isEqualTo(401);
  }
}
