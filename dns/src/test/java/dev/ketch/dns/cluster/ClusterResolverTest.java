package dev.ketch.dns.cluster;

import static dev.ketch.dns.cluster.ClusterFixtures.clusterIp;
import static dev.ketch.dns.cluster.ClusterFixtures.externalName;
import static dev.ketch.dns.cluster.ClusterFixtures.headless;
import static dev.ketch.dns.cluster.ClusterFixtures.pod;
import static dev.ketch.dns.cluster.ClusterFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.dns.message.Question;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.message.ResourceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResolverTest {

  private final ClusterRecords records = new ClusterRecords();
  private final ClusterResolver resolver = new ClusterResolver("cluster.local", records);

  private Answer ask(String name, int type) {
    return resolver.resolve(new Question(name, type, RecordType.CLASS_IN));
  }

  private static List<String> addresses(Answer a) {
    return a.answers().stream().filter(r -> r.type() == RecordType.A).map(r -> r.address().getHostAddress()).toList();
  }

  @Test
  void aClusterIpServiceAnswersItsIpAndNoDataForOtherTypes() {
    records.put(clusterIp("default", "webui-service", "10.43.0.20", "http", 80));
    assertThat(addresses(ask("webui-service.default.svc.cluster.local", RecordType.A))).containsExactly("10.43.0.20");
    Answer aaaa = ask("webui-service.default.svc.cluster.local", RecordType.AAAA);
    assertThat(aaaa.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaa.answers()).isEmpty();
    assertThat(aaaa.authorities()).extracting(ResourceRecord::type).containsExactly(RecordType.SOA);
  }

  @Test
  void unknownNamesAreNxdomainButNamespacesWithServicesExist() {
    records.put(clusterIp("default", "webui-service", "10.43.0.20", "http", 80));
    assertThat(ask("nothing.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("webui-service.other.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    // what a search path tries for "webui-service.default" from namespace default
    assertThat(ask("webui-service.default.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("empty.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("foo.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("cluster.local", RecordType.SOA).answers()).hasSize(1);
  }

  @Test
  void srvOfANamedPortPointsAtTheServiceName() {
    records.put(clusterIp("default", "web", "10.43.0.21", "http", 80));
    Answer a = ask("_http._tcp.web.default.svc.cluster.local", RecordType.SRV);
    assertThat(a.answers()).singleElement().satisfies(r -> {
      assertThat(r.srvPort()).isEqualTo(80);
      assertThat(r.target()).isEqualTo("web.default.svc.cluster.local");
    });
    assertThat(a.additionals()).extracting(r -> r.address().getHostAddress()).containsExactly("10.43.0.21");
    assertThat(ask("_http._udp.web.default.svc.cluster.local", RecordType.SRV).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("web.default.svc.cluster.local", RecordType.SRV).answers()).hasSize(1);
  }

  @Test
  void aHeadlessServiceAnswersItsReadyEndpointsAndTheirHostnames() {
    records.put(headless("default", "nginx", "web", 80));
    records.put(slice("default", "nginx-a", "nginx", "web", 8080, "web-0=10.42.0.5", "web-1=10.42.0.6", "web-2=!10.42.0.7"));
    assertThat(addresses(ask("nginx.default.svc.cluster.local", RecordType.A))).containsExactlyInAnyOrder("10.42.0.5", "10.42.0.6");
    assertThat(addresses(ask("web-0.nginx.default.svc.cluster.local", RecordType.A))).containsExactly("10.42.0.5");
    assertThat(ask("web-2.nginx.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    Answer srv = ask("_web._tcp.nginx.default.svc.cluster.local", RecordType.SRV);
    assertThat(srv.answers()).extracting(ResourceRecord::target)
        .containsExactlyInAnyOrder("web-0.nginx.default.svc.cluster.local", "web-1.nginx.default.svc.cluster.local");
    assertThat(srv.answers()).extracting(ResourceRecord::srvPort).containsOnly(8080);
    records.remove(slice("default", "nginx-a", "nginx", "web", 8080));
    Answer none = ask("nginx.default.svc.cluster.local", RecordType.A);
    assertThat(none.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(none.answers()).isEmpty();
  }

  @Test
  void endpointsWithoutHostnameAreNamedByDashedAddress() {
    records.put(headless("default", "db", "pg", 5432));
    records.put(slice("default", "db-a", "db", "pg", 5432, "10.42.0.9"));
    assertThat(addresses(ask("10-42-0-9.db.default.svc.cluster.local", RecordType.A))).containsExactly("10.42.0.9");
  }

  @Test
  void anExternalNameServiceIsACnameToBeChasedOutside() {
    records.put(externalName("default", "search", "www.Example.org"));
    Answer a = ask("search.default.svc.cluster.local", RecordType.A);
    assertThat(a.answers()).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(RecordType.CNAME);
      assertThat(r.target()).isEqualTo("www.example.org");
    });
    assertThat(a.externalTarget()).isEqualTo("www.example.org");
  }

  @Test
  void anExternalNameInsideTheClusterIsFollowedHere() {
    records.put(clusterIp("default", "web", "10.43.0.21", "http", 80));
    records.put(externalName("default", "alias", "web.default.svc.cluster.local"));
    Answer a = ask("alias.default.svc.cluster.local", RecordType.A);
    assertThat(a.externalTarget()).isNull();
    assertThat(a.answers()).extracting(ResourceRecord::type).containsExactly(RecordType.CNAME, RecordType.A);
  }

  @Test
  void podNamesAnswerOnlyForAPodWithThatAddressInTheNamespace() {
    records.put(pod("default", "p", "10.42.0.12"));
    assertThat(addresses(ask("10-42-0-12.default.pod.cluster.local", RecordType.A))).containsExactly("10.42.0.12");
    assertThat(ask("10-42-0-12.other.pod.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("not-an-ip.default.pod.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    records.remove(pod("default", "p", "10.42.0.12"));
    assertThat(ask("10-42-0-12.default.pod.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aDeletedServiceIsGone() {
    records.put(clusterIp("default", "web", "10.43.0.21", "http", 80));
    records.remove(clusterIp("default", "web", "10.43.0.21", "http", 80));
    assertThat(ask("web.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }
}
