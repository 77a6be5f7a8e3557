package dev.ketch.scheduler.plugins.volumebinding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestHandle;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeBindingTest {

  private final NodeInfo zoneA = MakeNode.named("a").zone("a").info();
  private final NodeInfo zoneB = MakeNode.named("b").zone("b").info();
  private TestHandle h;

  @BeforeEach
  void classes() {
    h = TestHandle.of(zoneA, zoneB);
    h.listers.storageClasses.add(new StorageClassBuilder().withNewMetadata().withName("immediate").endMetadata()
        .withProvisioner("example.com/csi").withVolumeBindingMode("Immediate").build());
    h.listers.storageClasses.add(new StorageClassBuilder().withNewMetadata().withName("local").endMetadata()
        .withProvisioner("kubernetes.io/no-provisioner").withVolumeBindingMode("WaitForFirstConsumer").build());
    h.listers.storageClasses.add(new StorageClassBuilder().withNewMetadata().withName("dynamic").endMetadata()
        .withProvisioner("example.com/csi").withVolumeBindingMode("WaitForFirstConsumer").build());
  }

  private static PersistentVolumeClaim claim(String name, String cls, String volume) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withStorageClassName(cls).withVolumeName(volume).withAccessModes("ReadWriteOnce")
        .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build();
  }

  private static PersistentVolume volume(String name, String cls, String zone, String size) {
    return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withStorageClassName(cls).withAccessModes("ReadWriteOnce").withCapacity(Map.of("storage", new Quantity(size)))
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("topology.kubernetes.io/zone").withOperator("In").withValues(zone).endMatchExpression().endNodeSelectorTerm()
        .endRequired().endNodeAffinity().endSpec().withNewStatus().withPhase("Available").endStatus().build();
  }

  private List<String> passing(PodInfo pod) {
    VolumeBinding vb = new VolumeBinding(h);
    CycleState state = new CycleState();
    Status pre = vb.preFilter(state, pod, h.nodes()).status();
    if (pre.isSkip()) {
      return List.of("a", "b");
    }
    if (!pre.isSuccess()) {
      return List.of(pre.message());
    }
    return h.nodes().stream().filter(n -> vb.filter(state, pod, n).isSuccess()).map(NodeInfo::name).toList();
  }

  @Test
  void podsWithoutClaimsSkip() {
    assertThat(passing(MakePod.named("p").info())).containsExactly("a", "b");
  }

  @Test
  void aMissingClaimIsUnresolvable() {
    assertThat(passing(MakePod.named("p").pvc("nope").info())).containsExactly("persistentvolumeclaim \"nope\" not found");
  }

  @Test
  void anUnboundImmediateClaimWaitsForItsBinding() {
    h.listers.pvcs.add(claim("data", "immediate", null));
    assertThat(passing(MakePod.named("p").pvc("data").info())).containsExactly("pod has unbound immediate PersistentVolumeClaims");
  }

  @Test
  void aBoundClaimFollowsItsVolumesNodeAffinity() {
    h.listers.pvcs.add(claim("data", "local", "pv-a"));
    h.listers.pvs.add(volume("pv-a", "local", "a", "1Gi"));
    assertThat(passing(MakePod.named("p").pvc("data").info())).containsExactly("a");
  }

  @Test
  void aWaitForFirstConsumerClaimNeedsAFittingVolumeOrAProvisioner() {
    h.listers.pvcs.add(claim("data", "local", null));
    h.listers.pvs.add(volume("small-b", "local", "b", "100Mi"));
    h.listers.pvs.add(volume("big-b", "local", "b", "2Gi"));
    assertThat(passing(MakePod.named("p").pvc("data").info())).containsExactly("b");
    h.listers.pvcs.add(claim("scratch", "dynamic", null));
    assertThat(passing(MakePod.named("q").pvc("scratch").info())).containsExactly("a", "b");
  }

  @Test
  void twoClaimsCannotShareOneVolume() {
    h.listers.pvcs.add(claim("one", "local", null));
    h.listers.pvcs.add(claim("two", "local", null));
    h.listers.pvs.add(volume("only-a", "local", "a", "1Gi"));
    assertThat(passing(MakePod.named("p").pvc("one").pvc("two").info())).isEmpty();
  }
}
