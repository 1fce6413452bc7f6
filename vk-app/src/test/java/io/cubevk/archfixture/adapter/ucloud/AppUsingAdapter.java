package io.cubevk.archfixture.adapter.ucloud;

import io.cubevk.archfixture.app.engine.EngineNamingAnAdapter;

/** Bad: an adapter reaching into the application. */
public final class AppUsingAdapter {
  public EngineNamingAnAdapter engine() {
    return new EngineNamingAnAdapter();
  }
}
