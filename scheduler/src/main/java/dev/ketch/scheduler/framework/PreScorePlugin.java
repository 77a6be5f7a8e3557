package dev.ketch.scheduler.framework;

import java.util.List;

/** Runs once per cycle before Score, over the nodes that passed the filters. */
public interface PreScorePlugin extends Plugin {

  /** @return success, {@link Status#skip()} to skip this plugin's Score for this pod, or an error */
  Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes);
}
