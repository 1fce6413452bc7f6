package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RunEndpointTest extends KubeletServerTestSupport {

  @Test
  void runsTheCommandSplitAtSpacesAndAnswersItsOutput() throws Exception {
    HttpResponse<String> response =
        kubelet.post("/run/default/web/app?cmd=echo+hello+world", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello world\n");
    var request = kubelet.streams.execRequests.get(0);
    assertThat(request.command()).containsExactly("echo", "hello", "world");
    assertThat(request.stdin()).isFalse();
    assertThat(request.tty()).isFalse();
  }

  @Test
  void aNonZeroExitIs500WithKubeletsMessage() throws Exception {
    HttpResponse<String> response =
        kubelet.post("/run/default/web/app?cmd=stderr+bad", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("command 'stderr bad' exited with 1: bad\n");
  }

  @Test
  void thePodUidSegmentIsAccepted() throws Exception {
    HttpResponse<String> response =
        kubelet.post("/run/default/web/some-uid/app?cmd=echo+ok", ADMIN_TOKEN);

    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(kubelet.streams.execRequests.get(0).container()).isEqualTo("app");
  }

  @Test
  void unknownPodIs404() throws Exception {
    HttpResponse<String> response = kubelet.post("/run/default/nope/app?cmd=ls", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("pod does not exist");
  }
}
