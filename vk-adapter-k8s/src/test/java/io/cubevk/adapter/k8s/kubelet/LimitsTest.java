package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded threads, connections, streams and buffers. */
@Timeout(300)
class LimitsTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  private static HttpRequest follow(KubeletFixture kubelet) {
    return HttpRequest.newBuilder(kubelet.uri("/containerLogs/default/web/app?follow=true"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .build();
  }

  private static long serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("kubelet-api"))
        .count();
  }

  @Test
  void twoHundredFollowingLogStreamsShareAFixedHandfulOfThreads() {
    try (KubeletFixture kubelet = new KubeletFixture(b -> b.ioThreads(2).blockingThreads(2, 512))) {
      HttpClient client = kubelet.httpClient();
      int streams = 200;
      AtomicInteger lastLines = new AtomicInteger();
      List<ContainerLogsTest.Lines> subscribers = new ArrayList<>();
      int threadsBefore = Thread.activeCount();
      for (int i = 0; i < streams; i++) {
        List<String> received = new CopyOnWriteArrayList<>();
        ContainerLogsTest.Lines lines =
            new ContainerLogsTest.Lines(received) {
              @Override
              public void onNext(String item) {
                if (item.equals("to everyone")) {
                  lastLines.incrementAndGet();
                }
              }
            };
        subscribers.add(lines);
        client.sendAsync(follow(kubelet), HttpResponse.BodyHandlers.fromLineSubscriber(lines));
      }

      await().atMost(WAIT).until(() -> kubelet.streams.followers() == streams);
      assertThat(kubelet.server.openStreams()).isEqualTo(streams);
      // 2 event loops + at most 2 blocking threads, however many streams are open
      assertThat(serverThreads()).isLessThanOrEqualTo(4);
      // nothing in this JVM grew a thread per stream (the client has its own few)
      assertThat(Thread.activeCount() - threadsBefore).isLessThan(20);

      kubelet.streams.append("to everyone");
      await().atMost(WAIT).until(() -> lastLines.get() == streams);

      subscribers.forEach(ContainerLogsTest.Lines::cancel);
      await().atMost(WAIT).until(() -> kubelet.streams.followers() == 0);
      await().atMost(WAIT).until(() -> kubelet.server.openStreams() == 0);
    }
  }

  @Test
  void streamsBeyondTheLimitAre429UntilOneEnds() throws Exception {
    try (KubeletFixture kubelet = new KubeletFixture(b -> b.maxStreams(2))) {
      HttpClient client = kubelet.httpClient();
      List<ContainerLogsTest.Lines> open = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ContainerLogsTest.Lines lines = new ContainerLogsTest.Lines(new CopyOnWriteArrayList<>());
        open.add(lines);
        client.sendAsync(follow(kubelet), HttpResponse.BodyHandlers.fromLineSubscriber(lines));
      }
      await().atMost(WAIT).until(() -> kubelet.streams.followers() == 2);

      HttpResponse<String> refused =
          client.send(follow(kubelet), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(refused.body()).contains("too many concurrent streams", "limit 2");
      HttpResponse<String> refusedExec =
          kubelet.post("/run/default/web/app?cmd=echo+x", ADMIN_TOKEN);
      assertThat(refusedExec.statusCode()).isEqualTo(429);

      open.get(0).cancel();
      await().atMost(WAIT).until(() -> kubelet.server.openStreams() == 1);
      assertThat(kubelet.post("/run/default/web/app?cmd=echo+x", ADMIN_TOKEN).statusCode())
          .isEqualTo(200);
      open.get(1).cancel();
    }
  }

  @Test
  void connectionsBeyondTheLimitAre503() throws Exception {
    try (KubeletFixture kubelet = new KubeletFixture(b -> b.maxConnections(1))) {
      ContainerLogsTest.Lines holding = new ContainerLogsTest.Lines(new CopyOnWriteArrayList<>());
      kubelet
          .httpClient()
          .sendAsync(follow(kubelet), HttpResponse.BodyHandlers.fromLineSubscriber(holding));
      await().atMost(WAIT).until(() -> kubelet.streams.followers() == 1);

      HttpResponse<String> refused = kubelet.get("/healthz", ADMIN_TOKEN);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("too many connections", "limit 1");
      holding.cancel();
    }
  }

  @Test
  void aReaderThatStopsReadingPausesItsStreamAndIsCutAtTheBudget() {
    try (KubeletFixture kubelet =
        new KubeletFixture(b -> b.maxBufferedBytesPerStream(1024 * 1024))) {
      // A subscriber that never asks for data: the client stops reading from the socket.
      Flow.Subscriber<String> stalled =
          new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {}

            @Override
            public void onNext(String item) {}

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
          };
      kubelet
          .httpClient()
          .sendAsync(follow(kubelet), HttpResponse.BodyHandlers.fromLineSubscriber(stalled));
      await().atMost(WAIT).until(() -> kubelet.streams.followers() == 1);

      String line = "x".repeat(64 * 1024);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (int i = 0; i < 16; i++) {
                  kubelet.streams.append(line); // the fake cannot pause: it keeps pushing
                }
                return kubelet.streams.followers() == 0;
              });

      assertThat(kubelet.streams.pauses.get()).isPositive();
      await().atMost(WAIT).until(() -> kubelet.server.openStreams() == 0);
    }
  }
}
