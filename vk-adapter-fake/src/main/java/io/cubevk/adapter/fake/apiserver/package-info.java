/**
 * An in-process Kubernetes API server on Netty for the sandbox, the integration tests and the
 * benchmarks, faithful enough that client-java informers and kubectl 1.32 use it unchanged.
 *
 * <p>{@link io.cubevk.adapter.fake.apiserver.KubeApiServer} is the facade: build, start, point a
 * client at {@code url()} or a kubeconfig from {@code writeKubeconfig}, and assert on its {@link
 * io.cubevk.adapter.fake.apiserver.RequestLog}; {@link io.cubevk.adapter.fake.apiserver.Faults}
 * breaks it on purpose. Requests are copied out of Netty's buffers by {@code ApiHandler}, answered
 * by {@code Api} on worker threads (the store takes a lock, event loops must not block), and watch
 * streams are written by {@code WatchStream} on the event loop, fed by queues the store fills
 * without ever waiting for a socket.
 *
 * <p>Subpackages: {@code store} (objects, resourceVersions, watches, selectors, defaulting and
 * validation), {@code patch} (JSON, merge and strategic merge patch), {@code auth} (CA, tokens,
 * policy) and {@code controllers} (what kube-controller-manager and the scheduler would do).
 */
package io.cubevk.adapter.fake.apiserver;
