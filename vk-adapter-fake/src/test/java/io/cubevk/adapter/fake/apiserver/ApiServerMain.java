package io.cubevk.adapter.fake.apiserver;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the server by hand for exploring it with kubectl: {@code ApiServerMain <kubeconfig>} writes
 * the kubeconfig and serves until killed. Not a test.
 */
public final class ApiServerMain {
  private ApiServerMain() {}

  public static void main(String[] args) throws Exception {
    KubeApiServer server = KubeApiServer.builder().start();
    server.writeKubeconfig(Path.of(args.length > 0 ? args[0] : "kubeconfig"));
    System.out.println("serving " + server.url());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    new CountDownLatch(1).await();
  }
}
