package io.cubevk.app.wiring;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import java.time.Duration;

/**
 * Follows the node set while the agent runs ({@code cube-vk run}): reads the source every interval
 * and hands changes to the node set service (an added node registers, a removed one is no longer
 * served).
 */
public final class LiveNodeSetModule extends AbstractModule {

  private final NodeSetSource source;
  private final Duration interval;

  public LiveNodeSetModule(NodeSetSource source, Duration interval) {
    this.source = source;
    this.interval = interval;
  }

  @ProvidesIntoSet
  @Tiers.Nodes
  Service watcher(NodeSetService nodeSet) {
    return new NodeSetWatcher(source, interval, nodeSet);
  }
}
