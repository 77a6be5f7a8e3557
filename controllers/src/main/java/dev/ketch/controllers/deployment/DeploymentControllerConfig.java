package dev.ketch.controllers.deployment;

/**
 * How the {@link DeploymentController} runs.
 *
 * @param workers Deployments reconciled at once (upstream's --concurrent-deployment-syncs, 5)
 */
public record DeploymentControllerConfig(int workers) {

  public DeploymentControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static DeploymentControllerConfig defaults() {
    return new DeploymentControllerConfig(5);
  }
}
