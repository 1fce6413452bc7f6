package io.cubevk.archfixture.app.wiring;

import io.cubevk.archfixture.adapter.fake.FakeThing;

/** Good: wiring chooses adapters. */
public final class WiringNamingAnAdapter {
  public Object cloud() {
    return new FakeThing();
  }
}
