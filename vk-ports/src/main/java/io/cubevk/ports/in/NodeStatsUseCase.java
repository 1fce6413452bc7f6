package io.cubevk.ports.in;

import java.util.List;

/** Usage of the virtual nodes this agent serves, from the cloud's metrics. */
public interface NodeStatsUseCase {

  /** One entry per served node, with its pods; pods without metrics yet have empty usage. */
  List<NodeStats> stats();
}
