package dev.ketch.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines between components that the architecture depends on, checked on the compiled
 * classes: the store knows nothing of Kubernetes, the API server knows the store only through its
 * interface, and the clients of the API (controllers, and later the scheduler and kubelet) know
 * neither; the cluster DNS and the service proxy are such clients too, independent of each other
 * and of the node agent. Only the launcher wires implementations together.
 */
class ModuleBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ketch");
  }

  @Test
  void theStoreKnowsNothingOfKubernetes() {
    noClasses().that().resideInAPackage("dev.ketch.store..")
        .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "dev.ketch.apiserver..", "dev.ketch.server..")
        .check(classes);
  }

  @Test
  void theApiServerUsesTheStoreOnlyThroughItsInterface() {
    noClasses().that().resideInAPackage("dev.ketch.apiserver..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.ketch.store.embedded..", "dev.ketch.store.etcd..", "dev.ketch.store.grpc..",
            "org.rocksdb..", "io.etcd..", "io.grpc..", "dev.ketch.server..")
        .check(classes);
  }

  @Test
  void clientsOfTheApiKnowNeitherTheApiServerNorTheStore() {
    noClasses().that().resideInAnyPackage("dev.ketch.controllers..", "dev.ketch.scheduler..", "dev.ketch.kubelet..",
            "dev.ketch.dns..", "dev.ketch.proxy..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ketch.apiserver..", "dev.ketch.store..", "dev.ketch.server..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void serviceNetworkingStandsApartFromTheNodeAgentAndTheScheduler() {
    noClasses().that().resideInAnyPackage("dev.ketch.dns..", "dev.ketch.proxy..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ketch.kubelet..", "dev.ketch.scheduler..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.ketch.dns..")
        .should().dependOnClassesThat().resideInAPackage("dev.ketch.proxy..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.ketch.proxy..")
        .should().dependOnClassesThat().resideInAPackage("dev.ketch.dns..")
        .check(classes);
    noClasses().that().resideInAnyPackage("dev.ketch.kubelet..", "dev.ketch.controllers..", "dev.ketch.scheduler..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ketch.dns..", "dev.ketch.proxy..")
        .check(classes);
  }

  @Test
  void nothingButTheLauncherDependsOnTheLauncher() {
    noClasses().that().resideOutsideOfPackage("dev.ketch.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.ketch.server..")
        .check(classes);
  }
}
