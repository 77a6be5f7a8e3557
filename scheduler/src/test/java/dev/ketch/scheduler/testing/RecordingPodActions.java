package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.framework.PodActions;
import dev.ketch.scheduler.framework.PodInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the API writes plugins ask for, as "bind ns/pod node", "preempt ns/pod", "nominate ns/pod node". */
public final class RecordingPodActions implements PodActions {

  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** When set, bind fails with this code. */
  public volatile int failBindWith;

  @Override
  public void bind(PodInfo pod, String nodeName) {
    if (failBindWith != 0) {
      throw new ApiException(failBindWith, "refused");
    }
    calls.add("bind " + pod.key() + " " + nodeName);
  }

  @Override
  public void preempt(PodInfo victim, PodInfo preemptor) {
    calls.add("preempt " + victim.key());
  }

  @Override
  public void setNominatedNodeName(PodInfo pod, String nodeName) {
    calls.add("nominate " + pod.key() + " " + nodeName);
  }
}
