package dev.ketch.scheduler.plugins;

import dev.ketch.scheduler.framework.PluginSpec;
import dev.ketch.scheduler.framework.Registry;
import dev.ketch.scheduler.plugins.defaultbinder.DefaultBinder;
import dev.ketch.scheduler.plugins.defaultpreemption.DefaultPreemption;
import dev.ketch.scheduler.plugins.defaultpreemption.DefaultPreemptionArgs;
import dev.ketch.scheduler.plugins.imagelocality.ImageLocality;
import dev.ketch.scheduler.plugins.interpodaffinity.InterPodAffinity;
import dev.ketch.scheduler.plugins.interpodaffinity.InterPodAffinityArgs;
import dev.ketch.scheduler.plugins.nodeaffinity.NodeAffinityArgs;
import dev.ketch.scheduler.plugins.nodeaffinity.NodeAffinityPlugin;
import dev.ketch.scheduler.plugins.nodename.NodeName;
import dev.ketch.scheduler.plugins.nodeports.NodePorts;
import dev.ketch.scheduler.plugins.noderesources.BalancedAllocation;
import dev.ketch.scheduler.plugins.noderesources.NodeResourcesFit;
import dev.ketch.scheduler.plugins.noderesources.NodeResourcesFitArgs;
import dev.ketch.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.ketch.scheduler.plugins.podtopologyspread.PodTopologySpread;
import dev.ketch.scheduler.plugins.podtopologyspread.PodTopologySpreadArgs;
import dev.ketch.scheduler.plugins.queuesort.PrioritySort;
import dev.ketch.scheduler.plugins.tainttoleration.TaintToleration;
import dev.ketch.scheduler.plugins.volumebinding.VolumeBinding;

/** The plugins that ship with the scheduler, registered under upstream's names. */
public final class InTreePlugins {

  private InTreePlugins() {}

  /** A new registry holding every in-tree plugin; out-of-tree plugins may be added to it. */
  public static Registry registry() {
    return new Registry()
        .register(PluginSpec.of(PrioritySort.NAME, PrioritySort.class, h -> new PrioritySort()))
        .register(PluginSpec.of(NodeUnschedulable.NAME, NodeUnschedulable.class, h -> new NodeUnschedulable()))
        .register(PluginSpec.of(NodeName.NAME, NodeName.class, h -> new NodeName()))
        .register(PluginSpec.of(TaintToleration.NAME, TaintToleration.class, h -> new TaintToleration()))
        .register(new PluginSpec<>(NodeAffinityPlugin.NAME, NodeAffinityPlugin.class, NodeAffinityArgs::decode,
            (a, h) -> new NodeAffinityPlugin(a)))
        .register(PluginSpec.of(NodePorts.NAME, NodePorts.class, h -> new NodePorts()))
        .register(new PluginSpec<>(NodeResourcesFit.NAME, NodeResourcesFit.class, NodeResourcesFitArgs::decode,
            (a, h) -> new NodeResourcesFit(a)))
        .register(PluginSpec.of(VolumeBinding.NAME, VolumeBinding.class, VolumeBinding::new))
        .register(new PluginSpec<>(PodTopologySpread.NAME, PodTopologySpread.class, PodTopologySpreadArgs::decode,
            PodTopologySpread::new))
        .register(new PluginSpec<>(InterPodAffinity.NAME, InterPodAffinity.class, InterPodAffinityArgs::decode,
            InterPodAffinity::new))
        .register(new PluginSpec<>(DefaultPreemption.NAME, DefaultPreemption.class, DefaultPreemptionArgs::decode,
            DefaultPreemption::new))
        .register(new PluginSpec<>(BalancedAllocation.NAME, BalancedAllocation.class, BalancedAllocation.Args::decode,
            (a, h) -> new BalancedAllocation(a)))
        .register(PluginSpec.of(ImageLocality.NAME, ImageLocality.class, ImageLocality::new))
        .register(PluginSpec.of(DefaultBinder.NAME, DefaultBinder.class, DefaultBinder::new));
  }
}
