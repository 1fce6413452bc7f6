package io.cubevk.archfixture.app.engine;

import io.cubevk.archfixture.adapter.fake.FakeThing;

/** Bad: the engine naming an adapter class instead of a port. */
public final class EngineNamingAnAdapter {
  public Object cloud() {
    return new FakeThing();
  }
}
