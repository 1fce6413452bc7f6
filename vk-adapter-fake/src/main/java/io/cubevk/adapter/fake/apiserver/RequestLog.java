package io.cubevk.adapter.fake.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Every request the server answered, newest last, for assertions such as "how many writes went to
 * pods and pods/status" or "no Service watch was ever opened". Bounded: past {@code capacity}
 * entries the oldest are dropped.
 */
public final class RequestLog {
  private final ConcurrentLinkedDeque<RecordedRequest> entries = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  void record(RecordedRequest r) {
    entries.addLast(r);
    if (size.incrementAndGet() > capacity) {
      entries.pollFirst();
      size.decrementAndGet();
    }
  }

  /** All recorded requests, oldest first. */
  public List<RecordedRequest> all() {
    return new ArrayList<>(entries);
  }

  /** The recorded requests that satisfy {@code filter}, oldest first. */
  public List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : entries) {
      if (filter.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** How many recorded requests satisfy {@code filter}. */
  public long count(Predicate<RecordedRequest> filter) {
    return entries.stream().filter(filter).count();
  }

  /** Forgets everything recorded so far. */
  public void clear() {
    entries.clear();
    size.set(0);
  }

  /** Requests with this verb on this resource ({@code "pods"} or {@code "pods/status"}). */
  public static Predicate<RecordedRequest> verbOn(String verb, String resourcePath) {
    return r -> r.verb().equals(verb) && r.resourcePath().equals(resourcePath);
  }

  /** Writes (create, update, patch, delete, deletecollection) to any of these resource paths. */
  public static Predicate<RecordedRequest> writesTo(String... resourcePaths) {
    List<String> paths = List.of(resourcePaths);
    return r -> r.isWrite() && paths.contains(r.resourcePath());
  }

  /** Watches opened on this resource (any namespace, any selector). */
  public static Predicate<RecordedRequest> watchesOf(String resource) {
    return r -> r.verb().equals("watch") && r.resource().equals(resource);
  }

  /** Requests made by this user. */
  public static Predicate<RecordedRequest> byUser(String user) {
    return r -> r.user().equals(user);
  }
}
