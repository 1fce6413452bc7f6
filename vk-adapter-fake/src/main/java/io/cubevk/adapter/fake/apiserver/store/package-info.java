/**
 * The object store of the in-process API server: schemaless objects (Jackson trees) of the
 * resources in {@link io.cubevk.adapter.fake.apiserver.store.Resources}, one resourceVersion
 * counter, a bounded change history for watches (410 Gone beyond it), and the write semantics of
 * the real server (uid, generateName, generation, optimistic concurrency, finalizers, graceful
 * deletion of bound pods, preconditions), with its defaulting and the validation clients meet
 * first. Failures are {@link io.cubevk.adapter.fake.apiserver.store.ApiException}s, answered as
 * Kubernetes {@code Status} objects.
 *
 * <p>Contract: stored trees are immutable once stored; watchers and listeners are called with the
 * write lock held and must only queue.
 */
package io.cubevk.adapter.fake.apiserver.store;
