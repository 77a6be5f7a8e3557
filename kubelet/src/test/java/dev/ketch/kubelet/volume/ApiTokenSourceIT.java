package dev.ketch.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.kubelet.KubeClients;
import dev.ketch.kubelet.objects.ApiObjectSource;
import dev.ketch.kubelet.testing.TestPods;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projected serviceAccountToken volume set up by the node's volume manager against a real API
 * server: the token comes from TokenRequest, is bound to the pod, and authenticates as the
 * service account.
 */
class ApiTokenSourceIT {

  @TempDir Path dir;

  @Test
  void aProjectedTokenVolumeGetsATokenThatAuthenticatesAsTheServiceAccount() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.inMemory();
        ApiServer api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir.resolve("server")));
        KubernetesClient admin = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst(), 1)) {
      admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
          .withNewMetadata().withName("reader").endMetadata().build()).create();
      Pod spec = TestPods.pod("tokened").container("app", "busybox").build();
      spec.getMetadata().setUid(null);
      spec.getMetadata().setResourceVersion(null);
      spec.setStatus(null);
      spec.getSpec().setServiceAccountName("reader");
      spec.getSpec().setVolumes(List.of(new VolumeBuilder().withName("api-token")
          .withNewProjected().addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3600L)
          .endServiceAccountToken().endSource().endProjected().build()));
      Pod pod = admin.pods().inNamespace("default").resource(spec).create();
      String uid = pod.getMetadata().getUid();
      HostVolumeManager volumes = new HostVolumeManager(new ApiObjectSource(admin), new ApiTokenSource(admin),
          dir.resolve("kubelet"), Map.of(), Clock.systemUTC(), MemoryMounts.directories());

      volumes.setUp(pod);

      Path file = dir.resolve("kubelet/pods").resolve(uid).resolve("volumes/kubernetes.io~projected/api-token/token");
      String token = Files.readString(file).trim();
      JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:default:reader");
      assertThat(claims.path("kubernetes.io").path("pod").path("uid").asText()).isEqualTo(uid);
      var config = new ConfigBuilder().withMasterUrl(api.url()).withOauthToken(token).withTrustCerts(true).build();
      try (KubernetesClient asReader = new KubernetesClientBuilder().withConfig(config).build()) {
        assertThat(asReader.pods().inNamespace("default").withName("tokened").get().getMetadata().getUid()).isEqualTo(uid);
      }
    }
  }
}
