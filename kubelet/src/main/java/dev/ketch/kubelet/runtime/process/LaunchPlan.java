package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one container's process is started: the executable (found on the PATH the container will
 * have), its arguments, working directory and environment. A process cannot see mounts, so the
 * container's volumes appear as symbolic links at their mount paths under a directory of its own,
 * {@code rootfs}, which is the default working directory and is passed as {@code KETCH_ROOTFS}:
 * a volume mounted at {@code /etc/app} is {@code $KETCH_ROOTFS/etc/app} (or {@code etc/app} from
 * the default working directory). Mount sources that do not exist yet are created as directories,
 * as containerd does for bind mounts.
 *
 * <p>Environment: the container's variables in order; PATH (the agent's unless the container sets
 * one), HOME (the agent's unless set), HOSTNAME (the pod's host name) and KETCH_ROOTFS.
 *
 * @param argv the resolved executable and the arguments
 */
record LaunchPlan(List<String> argv, Path workingDir, Map<String, String> env) {

  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /**
   * @throws ContainerRuntimeException COMMAND_NOT_FOUND when there is no command, the executable is
   *     not found, or the working directory does not exist
   */
  static LaunchPlan of(ContainerRecord c, String hostname, Path rootfs, Map<String, String> agentEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (KeyValue kv : c.envs()) {
      env.put(kv.key(), kv.value());
    }
    env.putIfAbsent("PATH", agentEnv.getOrDefault("PATH", DEFAULT_PATH));
    env.putIfAbsent("HOME", agentEnv.getOrDefault("HOME", "/"));
    env.putIfAbsent("HOSTNAME", hostname);
    env.put("KETCH_ROOTFS", rootfs.toString());

    Path workingDir = rootfs;
    if (c.workingDir() != null && !c.workingDir().isEmpty()) {
      workingDir = Path.of(c.workingDir());
      if (!Files.isDirectory(workingDir)) {
        throw new ContainerRuntimeException(Code.COMMAND_NOT_FOUND,
            "chdir to cwd (\"" + c.workingDir() + "\") set in config failed: no such file or directory");
      }
    }
    if (c.argv().isEmpty()) {
      throw new ContainerRuntimeException(Code.COMMAND_NOT_FOUND, "the process runtime cannot run the default command of image \""
          + c.image() + "\": the container needs a command (or args naming an executable on the host)");
    }
    String command = c.argv().getFirst();
    Path executable = Executables.resolve(command, env.get("PATH"), workingDir)
        .orElseThrow(() -> new ContainerRuntimeException(Code.COMMAND_NOT_FOUND, command.contains("/")
            ? "exec: \"" + command + "\": stat " + command + ": no such file or directory"
            : "exec: \"" + command + "\": executable file not found in $PATH"));
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.addAll(c.argv().subList(1, c.argv().size()));
    return new LaunchPlan(argv, workingDir, env);
  }

  /** Makes {@code rootfs} and a link in it for each mount; creates missing mount sources. */
  static void linkMounts(Path rootfs, List<Mount> mounts) throws IOException {
    Files.createDirectories(rootfs);
    for (Mount m : mounts) {
      String inside = m.containerPath().replaceAll("^/+", "");
      if (inside.isEmpty() || inside.contains("..")) {
        continue;
      }
      Path source = Path.of(m.hostPath());
      if (!Files.exists(source)) {
        Files.createDirectories(source);
      }
      Path link = rootfs.resolve(inside);
      Files.createDirectories(link.getParent());
      if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(link);
      }
      Files.createSymbolicLink(link, source);
    }
  }
}
