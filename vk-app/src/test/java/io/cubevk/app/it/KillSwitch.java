package io.cubevk.app.it;

import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Cuts an agent off from all its ports at once, as {@code kill -9} would: after {@link #kill()},
 * every call through a port this switch handed out fails (the cluster ports with {@link
 * ClusterFailure.Unavailable}, the cloud ports with {@link CloudFailure.Unavailable}), so a killed
 * agent's threads, still winding down, can no longer change the cluster or the cloud.
 */
final class KillSwitch {

  /** Every cluster port, as one object (what {@code KubernetesCluster} is). */
  interface ClusterPorts
      extends NodeObjects,
          NodeLeases,
          PodCache,
          PodStatusWriter,
          PodRemover,
          InputsLookup,
          ServiceAccountTokens,
          ClusterEvents {}

  /** Every cloud port, as one object (what the fake cloud and the UCloud adapter are). */
  interface CloudPorts extends CubeCloud, ElasticIps, Disks {}

  private final AtomicBoolean killed = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();

  void kill() {
    killed.set(true);
  }

  boolean killed() {
    return killed.get();
  }

  /** Calls refused since the kill: proof the killed agent was still trying. */
  long refused() {
    return refused.get();
  }

  ClusterPorts cluster(Object target) {
    return proxy(
        ClusterPorts.class,
        target,
        () -> new ClusterFailure.Unavailable("agent killed: cut off from the API server", null));
  }

  CloudPorts cloud(Object target) {
    return proxy(
        CloudPorts.class,
        target,
        () -> new CloudFailure.Unavailable("agent killed: cut off from the cloud"));
  }

  private <T> T proxy(Class<T> type, Object target, Supplier<RuntimeException> failure) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return invoke(target, method, args);
          }
          if (killed.get()) {
            refused.incrementAndGet();
            throw failure.get();
          }
          return invoke(target, method, args);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
