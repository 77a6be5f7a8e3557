package dev.ketch.kubelet.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandlersTest {

  private final Container container = new ContainerBuilder().withName("web").addNewPort().withName("http")
      .withContainerPort(8080).endPort().build();

  @Test
  void namedPortsAndAnEmptyHostResolveToTheContainersPortAndThePodsIp() {
    var probe = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet().build();

    var h = Handlers.fromProbe(probe, container, "10.64.0.7");

    assertThat(h.handler()).hasValue(new Handler.HttpGet("HTTP", "10.64.0.7", 8080, "/healthz", java.util.Map.of()));
  }

  @Test
  void anUnknownPortNameIsAnErrorNotAHandler() {
    var probe = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("grpc")).endTcpSocket().build();

    var h = Handlers.fromProbe(probe, container, "10.64.0.7");

    assertThat(h.handler()).isEmpty();
    assertThat(h.error()).isEqualTo("unable to find port grpc in container web");
  }

  @Test
  void lifecycleHooksTakeExecHttpGetAndSleepButNotTcp() {
    assertThat(Handlers.fromLifecycle(new LifecycleHandlerBuilder().withNewExec().withCommand("sh", "-c", "x").endExec().build(),
        container, "ip").handler()).hasValue(new Handler.Exec(java.util.List.of("sh", "-c", "x")));
    assertThat(Handlers.fromLifecycle(new LifecycleHandlerBuilder().withNewSleep(3L).build(), container, "ip").handler())
        .hasValue(new Handler.Sleep(Duration.ofSeconds(3)));
    assertThat(Handlers.fromLifecycle(new LifecycleHandlerBuilder().withNewTcpSocket().withPort(new IntOrString(80))
        .endTcpSocket().build(), container, "ip").error()).isEqualTo("TCPSocket is NOT supported as a LifecycleHandler");
  }
}
