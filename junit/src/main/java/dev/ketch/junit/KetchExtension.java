package dev.ketch.junit;

import dev.ketch.cluster.ClusterSpec;
import dev.ketch.cluster.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link KetchCluster}: starts the cluster before the class (or before each
 * method, as asked), resolves the parameters, and stops the cluster after. The running cluster
 * lives in the store of the class's or method's extension context, never in a static field, so
 * test classes running in parallel each have their own.
 */
public final class KetchExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KetchExtension.class);
  private static final String KEY = "cluster";

  @Override
  public void beforeAll(ExtensionContext context) {
    // A @Nested class without its own @KetchCluster shares its enclosing class's cluster.
    boolean own = AnnotationSupport.isAnnotated(context.getRequiredTestClass(), KetchCluster.class);
    if (own && settings(context).lifecycle() == KetchCluster.Lifecycle.PER_CLASS) {
      start(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (settings(context).lifecycle() == KetchCluster.Lifecycle.PER_METHOD) {
      start(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (settings(context).lifecycle() == KetchCluster.Lifecycle.PER_METHOD) {
      stop(context);
    }
  }

  private static void start(ExtensionContext context) {
    context.getStore(NAMESPACE).put(KEY, new RunningCluster(LocalCluster.start(spec(settings(context)))));
  }

  private static void stop(ExtensionContext context) {
    RunningCluster running = context.getStore(NAMESPACE).remove(KEY, RunningCluster.class);
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(Kubeconfig.class)) {
      return type == String.class || type == Path.class;
    }
    return type == KubernetesClient.class || type == ClusterHandle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RunningCluster running = context.getStore(NAMESPACE).get(KEY, RunningCluster.class);
    if (running == null) {
      throw new ParameterResolutionException("no Ketch cluster runs for " + parameter.getDeclaringExecutable()
          + ": with lifecycle PER_METHOD, the cluster exists only in test methods and @BeforeEach/@AfterEach");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == String.class) {
      return running.handle().kubeconfig();
    }
    if (type == Path.class) {
      return running.handle().kubeconfigFile();
    }
    if (type == ClusterHandle.class) {
      return running.handle();
    }
    return running.client();
  }

  /** The @KetchCluster of the test class, or else of the nearest enclosing class. */
  private static KetchCluster settings(ExtensionContext context) {
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      var found = AnnotationSupport.findAnnotation(c, KetchCluster.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new ExtensionConfigurationException(
        context.getRequiredTestClass().getName() + " uses KetchExtension without @KetchCluster");
  }

  static ClusterSpec spec(KetchCluster settings) {
    Map<String, String> behaviour = new LinkedHashMap<>();
    for (String pair : settings.podBehaviour()) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ExtensionConfigurationException(
            "@KetchCluster(podBehaviour) entries are name=value, e.g. \"exit-code=1\"; got \"" + pair + "\"");
      }
      behaviour.put(PodBehaviour.annotation(pair.substring(0, eq).trim()), pair.substring(eq + 1).trim());
    }
    ClusterSpec.StoreKind store = switch (settings.store()) {
      case MEMORY -> ClusterSpec.StoreKind.MEMORY;
      case DISK -> ClusterSpec.StoreKind.DISK;
    };
    ClusterSpec spec = ClusterSpec.of(settings.nodes()).withStore(store).withPodBehaviour(behaviour);
    return settings.containerdNode() ? spec.withContainerdNode() : spec;
  }

  /** A started cluster with the handle and the client its tests share. */
  private static final class RunningCluster implements AutoCloseable {
    private final LocalCluster cluster;
    private final ClusterHandle handle;
    private KubernetesClient client;

    RunningCluster(LocalCluster cluster) {
      this.cluster = cluster;
      this.handle = new ClusterHandle(cluster);
    }

    ClusterHandle handle() {
      return handle;
    }

    synchronized KubernetesClient client() {
      if (client == null) {
        client = cluster.newClient();
      }
      return client;
    }

    @Override
    public synchronized void close() {
      if (client != null) {
        client.close();
      }
      cluster.close();
    }
  }
}
