package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.registry.ResourceStrategy;
import dev.ketch.apiserver.registry.Strategies;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The strategy of every resource of {@code ResourceCatalog.builtIn()}, keyed by the model class
 * the catalog names; a resource without one of its own gets the default policy. Immutable and
 * thread-safe.
 */
public final class BuiltInStrategies implements Strategies {

  private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};

  private final Map<Class<?>, ResourceStrategy> byModel;

  public BuiltInStrategies() {
    List<ObjectStrategy<?>> all = List.of(
        new PodStrategy(),
        new ServiceStrategy(),
        new NetworkingStrategies.EndpointsStrategy(),
        new ConfigMapStrategy(),
        new SecretStrategy(),
        new PlainStrategy<>(ServiceAccount.class),
        new NodeStrategy(),
        new EventStrategies.CoreEvents(),
        new NamespaceStrategy(),
        new ReplicationControllerStrategy(),
        new VolumeStrategies.PersistentVolumeStrategy(),
        new VolumeStrategies.PersistentVolumeClaimStrategy(),
        new PolicyStrategies.LimitRangeStrategy(),
        new PolicyStrategies.ResourceQuotaStrategy(),
        new DeploymentStrategy(),
        new ReplicaSetStrategy(),
        new StatefulSetStrategy(),
        new DaemonSetStrategy(),
        new ControllerRevisionStrategy(),
        new JobStrategy(),
        new CronJobStrategy(),
        new PlainStrategy<>(Lease.class),
        new NetworkingStrategies.EndpointSliceStrategy(),
        new EventStrategies.EventsV1(),
        new PolicyStrategies.PodDisruptionBudgetStrategy(),
        new PolicyStrategies.PriorityClassStrategy(),
        new NetworkingStrategies.IngressStrategy(),
        new NetworkingStrategies.NetworkPolicyStrategy(),
        new PolicyStrategies.StorageClassStrategy(),
        new RbacStrategies.RoleStrategy<>(Role.class),
        new RbacStrategies.RoleStrategy<>(ClusterRole.class),
        new RbacStrategies.BindingStrategy<>(RoleBinding.class),
        new RbacStrategies.BindingStrategy<>(ClusterRoleBinding.class));
    this.byModel = all.stream().collect(Collectors.toUnmodifiableMap(ObjectStrategy::modelClass, Function.identity()));
  }

  @Override
  public ResourceStrategy forResource(ResourceType type) {
    return byModel.getOrDefault(type.modelClass(), DEFAULT);
  }

  /** Whether the resource has a strategy of its own rather than the default policy. */
  public boolean covers(ResourceType type) {
    return byModel.containsKey(type.modelClass());
  }
}
