package io.cubevk.adapter.k8s.kubelet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One kubelet API server per test class (starting one is the slow part on a busy machine), with
 * fresh fakes for every test.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KubeletServerTestSupport {

  protected final KubeletFixture kubelet = new KubeletFixture();

  @BeforeEach
  void resetFakes() {
    kubelet.reset();
  }

  @AfterAll
  void stopServer() {
    kubelet.close();
  }
}
