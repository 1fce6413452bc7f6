package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractScheduledService;
import io.cubevk.domain.node.VirtualNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node set source every interval; a change goes to {@link NodeSetService#update}. A
 * source that cannot be read or is invalid leaves the served nodes as they are, with one warning
 * per distinct problem (not one per poll).
 */
final class NodeSetWatcher extends AbstractScheduledService {

  private static final Logger log = LoggerFactory.getLogger(NodeSetWatcher.class);

  private final NodeSetSource source;
  private final Duration interval;
  private final NodeSetService nodeSet;
  private List<VirtualNode> last;
  private String lastProblem;

  NodeSetWatcher(NodeSetSource source, Duration interval, NodeSetService nodeSet) {
    this.source = source;
    this.interval = interval;
    this.nodeSet = nodeSet;
  }

  @Override
  protected void runOneIteration() {
    List<VirtualNode> now;
    try {
      now = source.read();
    } catch (RuntimeException e) {
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(lastProblem)) {
        log.warn(
            "the node set in {} cannot be used, the agent keeps serving {}: {}",
            source.describe(),
            nodeSet.servedNodes(),
            problem.replace('\n', ';'));
        lastProblem = problem;
      }
      return;
    }
    lastProblem = null;
    if (last == null) {
      last = now; // the set the agent started with was read from the same source
      if (!Objects.equals(now, nodeSet.desired())) {
        nodeSet.update(now);
      }
      return;
    }
    if (!now.equals(last)) {
      log.info("the node set in {} changed", source.describe());
      last = now;
      nodeSet.update(now);
    }
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedDelaySchedule(interval, interval);
  }

  @Override
  protected String serviceName() {
    return "node set watcher (" + source.describe() + ")";
  }
}
