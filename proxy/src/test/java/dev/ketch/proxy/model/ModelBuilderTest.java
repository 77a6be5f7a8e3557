package dev.ketch.proxy.model;

import static dev.ketch.proxy.model.ModelFixtures.service;
import static dev.ketch.proxy.model.ModelFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {

  private final ModelBuilder builder = new ModelBuilder("node-a");

  @Test
  void readyEndpointsOfTheMatchingNamedPortAreKept() {
    ProxyModel m = builder.build(List.of(service("web", "ClusterIP", "10.43.0.20", "http", 80, null)),
        List.of(slice("web-1", "web", "http", 8080, "10.42.0.5@node-a", "!10.42.0.6", "10.42.0.7@node-b"),
            slice("web-2", "web", "metrics", 9090, "10.42.0.8")));
    ServicePortName id = new ServicePortName("default", "web", "http", "TCP");
    assertThat(m.services()).containsOnlyKeys(id);
    assertThat(m.endpointsOf(id)).containsExactly(new EndpointAddress("10.42.0.5", 8080, true),
        new EndpointAddress("10.42.0.7", 8080, false));
  }

  @Test
  void headlessAndExternalNameServicesAreNotProxied() {
    var headless = service("db", "ClusterIP", "None", "pg", 5432, null);
    var external = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("ext").endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName("example.org").endSpec().build();
    assertThat(builder.build(List.of(headless, external), List.of()).services()).isEmpty();
  }

  @Test
  void nodePortAffinityAndLocalPolicyAreCarried() {
    var s = new ServiceBuilder(service("web", "LoadBalancer", "10.43.0.20", "http", 80, 30080)).editSpec()
        .withSessionAffinity("ClientIP").withExternalTrafficPolicy("Local").endSpec()
        .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.168.1.10").endIngress().endLoadBalancer().endStatus()
        .build();
    ServicePortSpec spec = builder.build(List.of(s), List.of()).services().values().iterator().next();
    assertThat(spec.nodePort()).isEqualTo(30080);
    assertThat(spec.affinitySeconds()).isEqualTo(10_800);
    assertThat(spec.externalLocal()).isTrue();
    assertThat(spec.externalIps()).containsExactly("192.168.1.10");
  }
}
