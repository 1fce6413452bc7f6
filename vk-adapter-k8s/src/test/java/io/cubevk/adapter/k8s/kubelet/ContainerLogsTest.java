package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.LogOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ContainerLogsTest extends KubeletServerTestSupport {

  @Test
  void servesTheWholeLogAsChunkedPlainText() throws Exception {
    HttpResponse<String> response = kubelet.get("/containerLogs/default/web/app", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(response.body()).isEqualTo("line 1\nline 2\nline 3\n");
    assertThat(kubelet.streams.logRequests.get(0).follow()).isFalse();
  }

  @Test
  void passesTailLinesTimestampsSinceAndLimitBytesThrough() throws Exception {
    Instant before = Instant.now();
    HttpResponse<String> response =
        kubelet.get(
            "/containerLogs/default/web/app?tailLines=2&timestamps=true&sinceSeconds=60"
                + "&limitBytes=1000&previous=1",
            ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            FakeContainerStreams.TIMESTAMP
                + " line 2\n"
                + FakeContainerStreams.TIMESTAMP
                + " line 3\n");
    LogOptions options = kubelet.streams.logRequests.get(0);
    assertThat(options.tailLines()).contains(2);
    assertThat(options.timestamps()).isTrue();
    assertThat(options.limitBytes()).contains(1000L);
    assertThat(options.previous()).isTrue();
    assertThat(options.since().orElseThrow())
        .isBetween(before.minusSeconds(61), Instant.now().minusSeconds(59));
  }

  @Test
  void stopsAtLimitBytesEvenWhenTheSourceSendsMore() throws Exception {
    HttpResponse<String> response =
        kubelet.get("/containerLogs/default/web/app?limitBytes=10", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("line 1\nlin");
  }

  @Test
  void passesSinceTimeThroughAndHonoursTheLegacyTailParameter() throws Exception {
    HttpResponse<String> response =
        kubelet.get(
            "/containerLogs/default/web/app?sinceTime=2026-11-26T09:00:00Z&tail=1", ADMIN_TOKEN);

    assertThat(response.body()).isEqualTo("line 3\n");
    LogOptions options = kubelet.streams.logRequests.get(0);
    assertThat(options.since()).contains(Instant.parse("2026-11-26T09:00:00Z"));
    assertThat(options.tailLines()).contains(1);
  }

  @Test
  void followSendsLinesWrittenAfterTheRequestStarted() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    Lines lines = new Lines(received);
    CompletableFuture<HttpResponse<Void>> response =
        kubelet
            .httpClient()
            .sendAsync(
                HttpRequest.newBuilder(kubelet.uri("/containerLogs/default/web/app?follow=true"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(lines));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    assertThat(kubelet.streams.followers()).isEqualTo(1);
    kubelet.streams.append("written later");

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
    assertThat(received).containsExactly("line 1", "line 2", "line 3", "written later");
    assertThat(response).isNotDone(); // still streaming
    assertThat(kubelet.server.openStreams()).isEqualTo(1);
    lines.cancel();
    await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.streams.followers() == 0);
  }

  @Test
  void closingAFollowingClientStopsTheCloudStream() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    Lines lines = new Lines(received);
    kubelet
        .httpClient()
        .sendAsync(
            HttpRequest.newBuilder(kubelet.uri("/containerLogs/default/web/app?follow=1"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.fromLineSubscriber(lines));
    await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.streams.followers() == 1);

    lines.cancel();

    await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.streams.followers() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.server.openStreams() == 0);
  }

  @Test
  void unknownPodIs404WithKubeletsMessage() throws Exception {
    HttpResponse<String> response = kubelet.get("/containerLogs/default/nope/app", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("pod \"nope\" does not exist");
  }

  @Test
  void unknownContainerIs404WithKubeletsMessage() throws Exception {
    HttpResponse<String> response = kubelet.get("/containerLogs/default/web/nope", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("container \"nope\" not found in pod \"web\"");
  }

  @Test
  void containerThatIsNotRunningIs400WithTheReason() throws Exception {
    HttpResponse<String> response = kubelet.get("/containerLogs/default/web/stopped", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("is waiting to start: ContainerCreating");
  }

  @Test
  void cloudWithoutLogsIs501WithTheCloudsExplanation() throws Exception {
    kubelet.streams.logFailure =
        new CloudFailure.Unsupported(
            CloudCapability.LOGS, "logs are not available from the Cube API");

    HttpResponse<String> response = kubelet.get("/containerLogs/default/web/app", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(response.body()).isEqualTo("logs are not available from the Cube API");
  }

  @Test
  void undecodableQueryIs400AndInvalidOneIs422AsOnKubelet() throws Exception {
    HttpResponse<String> undecodable =
        kubelet.get("/containerLogs/default/web/app?tailLines=many", ADMIN_TOKEN);
    HttpResponse<String> invalid =
        kubelet.get(
            "/containerLogs/default/web/app?sinceSeconds=10&sinceTime=2026-11-26T09:00:00Z",
            ADMIN_TOKEN);

    assertThat(undecodable.statusCode()).isEqualTo(400);
    assertThat(undecodable.body()).isEqualTo("{\"message\": \"Unable to decode query.\"}");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).isEqualTo("{\"message\": \"Invalid request.\"}");
    assertThat(kubelet.streams.calls.get()).isZero();
  }

  /** Collects lines; can cancel the response body like a client going away. */
  static class Lines implements Flow.Subscriber<String> {
    private final List<String> received;
    private volatile Flow.Subscription subscription;

    Lines(List<String> received) {
      this.received = received;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String item) {
      received.add(item);
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    void cancel() {
      subscription.cancel();
    }
  }
}
