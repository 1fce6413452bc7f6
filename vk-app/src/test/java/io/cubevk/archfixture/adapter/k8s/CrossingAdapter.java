package io.cubevk.archfixture.adapter.k8s;

import io.cubevk.archfixture.adapter.fake.FakeThing;

/** Bad: one adapter using another. */
public final class CrossingAdapter {
  public FakeThing borrow() {
    return new FakeThing();
  }
}
