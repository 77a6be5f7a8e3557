package dev.ketch.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import org.junit.jupiter.api.Test;

class ServiceAccountsReconcilerTest {

  private final FakeApi api = new FakeApi(new FakeClock());
  private final FakeResource<Namespace> namespaces = api.of(Namespace.class);
  private final FakeResource<ServiceAccount> accounts = api.of(ServiceAccount.class);
  private final ServiceAccountsController.ServiceAccountsReconciler reconciler =
      new ServiceAccountsController.ServiceAccountsReconciler(namespaces.cache(), accounts.cache(), accounts);

  @Test
  void anActiveNamespaceGetsADefaultServiceAccount() {
    namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().withNewStatus().withPhase("Active").endStatus()
        .build());

    reconciler.reconcile("team");

    assertThat(accounts.stored("team", "default")).isNotNull();
  }

  @Test
  void anExistingOneIsLeftAlone() {
    namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build());
    accounts.add(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("team").endMetadata().build());

    reconciler.reconcile("team");

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aTerminatingNamespaceGetsNone() {
    namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().withNewStatus().withPhase("Terminating")
        .endStatus().build());

    reconciler.reconcile("team");

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aRaceWithAnotherCreatorIsNotAnError() {
    namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build());
    api.failWhen("create", "ServiceAccount", a -> FakeApi.error(409, "AlreadyExists", "serviceaccounts \"default\" already exists"));

    reconciler.reconcile("team");
  }
}
