package dev.ketch.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIpamSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final FakeObjects<Node> nodes = cluster.objects(Node.class);

  private void node(String name, String... cidrs) {
    nodes.add(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withPodCIDR(cidrs.length == 0 ? null : cidrs[0]).withPodCIDRs(cidrs).endSpec().build());
  }

  private List<String> cidrs(String name) {
    return nodes.get("", name).getSpec().getPodCIDRs();
  }

  @Test
  void nodesGetTheNextFreeSubnetAndExistingOnesAreKept() {
    NodeIpamSync sync = new NodeIpamSync(cluster, events, NodeIpamControllerConfig.defaults());
    node("old", "10.42.0.0/24");
    node("a");
    node("b");
    sync.sync(ObjectKey.clusterScoped("a"));
    sync.sync(ObjectKey.clusterScoped("b"));
    assertThat(cidrs("a")).containsExactly("10.42.1.0/24");
    assertThat(nodes.get("", "a").getSpec().getPodCIDR()).isEqualTo("10.42.1.0/24");
    assertThat(cidrs("b")).containsExactly("10.42.2.0/24");
  }

  @Test
  void aDeletedNodesSubnetIsReleased() {
    NodeIpamSync sync = new NodeIpamSync(cluster, events, new NodeIpamControllerConfig(List.of("10.42.0.0/23"), 24, 64));
    node("a");
    node("b");
    sync.sync(ObjectKey.clusterScoped("a"));
    sync.sync(ObjectKey.clusterScoped("b"));
    node("c");
    assertThatThrownBy(() -> sync.sync(ObjectKey.clusterScoped("c"))).hasMessageContaining("no pod CIDR left");
    assertThat(events.reasons()).containsExactly("CIDRNotAvailable");

    nodes.remove("", "a");
    sync.sync(ObjectKey.clusterScoped("a"));
    sync.sync(ObjectKey.clusterScoped("c"));
    assertThat(cidrs("c")).containsExactly("10.42.0.0/24");
  }

  @Test
  void dualStackGivesOneSubnetPerFamily() {
    NodeIpamSync sync = new NodeIpamSync(cluster, events, new NodeIpamControllerConfig(List.of("10.42.0.0/16", "fd00:42::/56"), 24, 64));
    node("a");
    node("b");
    sync.sync(ObjectKey.clusterScoped("a"));
    sync.sync(ObjectKey.clusterScoped("b"));
    assertThat(cidrs("a")).containsExactly("10.42.0.0/24", "fd00:42::/64");
    assertThat(cidrs("b")).containsExactly("10.42.1.0/24", "fd00:42:0:1::/64");
  }

  @Test
  void cidrSetsRefuseWhatDoesNotFit() {
    assertThatThrownBy(() -> new CidrSet("10.42.0.0/16", 8)).isInstanceOf(IllegalArgumentException.class);
    CidrSet set = new CidrSet("10.42.0.0/16", 24);
    assertThat(set.occupy("10.43.0.0/24")).isFalse();
    assertThat(set.occupy("10.42.7.0/24")).isTrue();
    assertThat(set.free()).isEqualTo(255);
  }
}
