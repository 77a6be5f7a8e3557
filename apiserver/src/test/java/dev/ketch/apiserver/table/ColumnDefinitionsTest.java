package dev.ketch.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ketch.apiserver.resource.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Column definitions against upstream's printers.go: {@code Name:type:priority}, with {@code
 * :name} for the column formatted as the object's name.
 */
class ColumnDefinitionsTest {

  private static final String NAME = "Name:string:0:name";
  private static final String AGE = "Age:string:0";
  private static final List<String> CONTAINERS = List.of("Containers:string:1", "Images:string:1");

  private static List<String> cols(Object... entries) {
    return Stream.of(entries)
        .flatMap(e -> e instanceof List<?> l ? l.stream().map(String::valueOf) : Stream.of(String.valueOf(e)))
        .toList();
  }

  static Stream<Arguments> resources() {
    return Stream.of(
        arguments("v1", "pods", cols(NAME, "Ready:string:0", "Status:string:0", "Restarts:string:0", AGE, "IP:string:1",
            "Node:string:1", "Nominated Node:string:1", "Readiness Gates:string:1")),
        arguments("apps/v1", "deployments", cols(NAME, "Ready:string:0", "Up-to-date:string:0", "Available:string:0", AGE,
            CONTAINERS, "Selector:string:1")),
        arguments("apps/v1", "replicasets", cols(NAME, "Desired:integer:0", "Current:integer:0", "Ready:integer:0", AGE,
            CONTAINERS, "Selector:string:1")),
        arguments("v1", "replicationcontrollers", cols(NAME, "Desired:integer:0", "Current:integer:0", "Ready:integer:0", AGE,
            CONTAINERS, "Selector:string:1")),
        arguments("apps/v1", "statefulsets", cols(NAME, "Ready:string:0", AGE, CONTAINERS)),
        arguments("apps/v1", "daemonsets", cols(NAME, "Desired:integer:0", "Current:integer:0", "Ready:integer:0",
            "Up-to-date:integer:0", "Available:integer:0", "Node Selector:string:0", AGE, CONTAINERS, "Selector:string:1")),
        arguments("apps/v1", "controllerrevisions", cols(NAME, "Controller:string:0", "Revision:string:0", AGE)),
        arguments("batch/v1", "jobs", cols(NAME, "Status:string:0", "Completions:string:0", "Duration:string:0", AGE,
            CONTAINERS, "Selector:string:1")),
        arguments("batch/v1", "cronjobs", cols(NAME, "Schedule:string:0", "Timezone:string:0", "Suspend:boolean:0",
            "Active:integer:0", "Last Schedule:string:0", AGE, CONTAINERS, "Selector:string:1")),
        arguments("v1", "services", cols(NAME, "Type:string:0", "Cluster-IP:string:0", "External-IP:string:0",
            "Port(s):string:0", AGE, "Selector:string:1")),
        arguments("v1", "endpoints", cols(NAME, "Endpoints:string:0", AGE)),
        arguments("v1", "nodes", cols(NAME, "Status:string:0", "Roles:string:0", AGE, "Version:string:0",
            "Internal-IP:string:1", "External-IP:string:1", "OS-Image:string:1", "Kernel-Version:string:1",
            "Container-Runtime:string:1")),
        arguments("v1", "events", cols("Last Seen:string:0", "Type:string:0", "Reason:string:0", "Object:string:0",
            "Subobject:string:1", "Source:string:1", "Message:string:0", "First Seen:string:1", "Count:string:1",
            "Name:string:1:name")),
        arguments("events.k8s.io/v1", "events", cols("Last Seen:string:0", "Type:string:0", "Reason:string:0",
            "Object:string:0", "Subobject:string:1", "Source:string:1", "Message:string:0", "First Seen:string:1",
            "Count:string:1", "Name:string:1:name")),
        arguments("v1", "namespaces", cols(NAME, "Status:string:0", AGE)),
        arguments("v1", "configmaps", cols(NAME, "Data:string:0", AGE)),
        arguments("v1", "secrets", cols(NAME, "Type:string:0", "Data:string:0", AGE)),
        arguments("v1", "serviceaccounts", cols(NAME, "Secrets:string:0", AGE)),
        arguments("v1", "persistentvolumes", cols(NAME, "Capacity:string:0", "Access Modes:string:0",
            "Reclaim Policy:string:0", "Status:string:0", "Claim:string:0", "StorageClass:string:0",
            "VolumeAttributesClass:string:0", "Reason:string:0", AGE, "VolumeMode:string:1")),
        arguments("v1", "persistentvolumeclaims", cols(NAME, "Status:string:0", "Volume:string:0", "Capacity:string:0",
            "Access Modes:string:0", "StorageClass:string:0", "VolumeAttributesClass:string:0", AGE, "VolumeMode:string:1")),
        arguments("v1", "resourcequotas", cols(NAME, "Request:string:0", "Limit:string:0", AGE)),
        arguments("policy/v1", "poddisruptionbudgets", cols(NAME, "Min Available:string:0", "Max Unavailable:string:0",
            "Allowed Disruptions:integer:0", AGE)),
        arguments("coordination.k8s.io/v1", "leases", cols(NAME, "Holder:string:0", AGE)),
        arguments("discovery.k8s.io/v1", "endpointslices", cols(NAME, "AddressType:string:0", "Ports:string:0",
            "Endpoints:string:0", AGE)),
        arguments("scheduling.k8s.io/v1", "priorityclasses", cols(NAME, "Value:integer:0", "Global-Default:boolean:0", AGE,
            "PreemptionPolicy:string:0")),
        arguments("networking.k8s.io/v1", "ingresses", cols(NAME, "Class:string:0", "Hosts:string:0", "Address:string:0",
            "Ports:string:0", AGE)),
        arguments("networking.k8s.io/v1", "networkpolicies", cols(NAME, "Pod-Selector:string:0", AGE)),
        arguments("storage.k8s.io/v1", "storageclasses", cols(NAME, "Provisioner:string:0", "ReclaimPolicy:string:0",
            "VolumeBindingMode:string:0", "AllowVolumeExpansion:string:0", AGE)),
        arguments("rbac.authorization.k8s.io/v1", "rolebindings", cols(NAME, "Role:string:0", AGE, "Users:string:1",
            "Groups:string:1", "ServiceAccounts:string:1")),
        arguments("rbac.authorization.k8s.io/v1", "clusterrolebindings", cols(NAME, "Role:string:0", AGE, "Users:string:1",
            "Groups:string:1", "ServiceAccounts:string:1")),
        arguments("rbac.authorization.k8s.io/v1", "roles", cols(NAME, "Created At:date:0")),
        arguments("rbac.authorization.k8s.io/v1", "clusterroles", cols(NAME, "Created At:date:0")),
        arguments("v1", "limitranges", cols(NAME, "Created At:date:0")));
  }

  @ParameterizedTest(name = "{1}.{0}")
  @MethodSource("resources")
  void matchUpstream(String apiVersion, String plural, List<String> expected) {
    List<String> actual = Fixtures.convertor(apiVersion, plural).columns().stream()
        .map(c -> c.name() + ":" + c.type() + ":" + c.priority() + (c.format().isEmpty() ? "" : ":" + c.format()))
        .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void everyServedResourceHasDescribedColumnsAndOneCellPerColumn() {
    for (ResourceType type : Fixtures.CATALOG.all()) {
      TableConvertor convertor = Fixtures.CONVERTORS.forResource(type);
      assertThat(convertor.columns()).as("%s", type).allSatisfy(c -> assertThat(c.description()).isNotBlank());
      var stored = Fixtures.yaml("metadata: {name: x, namespace: y}\n");
      assertThat(convertor.convertStored(stored, TableOptions.DEFAULT).rows().getFirst().cells())
          .as("%s", type).hasSameSizeAs(convertor.columns());
    }
  }

  @Test
  void nameAndAgeColumnsCarryTheObjectMetaDocumentation() {
    Column name = Fixtures.convertor("v1", "pods").columns().getFirst();
    assertThat(name.description()).startsWith("Name must be unique within a namespace.");
    Column age = Fixtures.convertor("v1", "pods").columns().get(4);
    assertThat(age.description()).contains("\n\nPopulated by the system. Read-only. Null for lists.");
  }
}
