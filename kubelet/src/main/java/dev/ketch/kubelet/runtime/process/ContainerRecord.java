package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.Mount;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the process runtime keeps on disk about one container ({@code containers/<id>/container.json}):
 * its config, and once started the identity of its shim process (pid and the process's own start
 * time, so a reused pid is never mistaken for it), so that a new runtime over the same directory
 * finds it again. The exit code is not here while it runs: the shim writes it to a file of its own
 * when the command ends, whether or not an agent is watching. Immutable.
 *
 * @param argv the command and arguments as given (the executable is resolved when it starts)
 * @param logFile the absolute path of the CRI-format log file the kubelet asked for
 * @param pid the shim's pid once started, else 0
 * @param pidStartedAt the shim process's start time as the OS reports it, or null
 */
record ContainerRecord(
    String id,
    String sandboxId,
    ContainerMetadata metadata,
    String image,
    List<String> argv,
    String workingDir,
    List<KeyValue> envs,
    List<Mount> mounts,
    String logPath,
    String logFile,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant createdAt,
    ContainerState state,
    Instant startedAt,
    long pid,
    Instant pidStartedAt,
    Instant finishedAt,
    int exitCode,
    String reason,
    String message) {

  ContainerRecord {
    argv = List.copyOf(argv);
    envs = List.copyOf(envs);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  ContainerRecord running(Instant at, long shimPid, Instant shimStartedAt) {
    return new ContainerRecord(id, sandboxId, metadata, image, argv, workingDir, envs, mounts, logPath, logFile, labels,
        annotations, createdAt, ContainerState.RUNNING, at, shimPid, shimStartedAt, null, 0, "", "");
  }

  ContainerRecord exited(Instant at, int code, String why, String text) {
    return new ContainerRecord(id, sandboxId, metadata, image, argv, workingDir, envs, mounts, logPath, logFile, labels,
        annotations, createdAt, ContainerState.EXITED, startedAt, pid, pidStartedAt, at, code, why, text);
  }

  /** The same container running another command (a command run beside it). */
  ContainerRecord withCommand(List<String> command) {
    return new ContainerRecord(id, sandboxId, metadata, image, command, workingDir, envs, mounts, logPath, logFile, labels,
        annotations, createdAt, state, startedAt, pid, pidStartedAt, finishedAt, exitCode, reason, message);
  }

  /** With one more environment variable. */
  ContainerRecord withEnv(KeyValue variable) {
    List<KeyValue> more = new java.util.ArrayList<>(envs);
    more.add(variable);
    return new ContainerRecord(id, sandboxId, metadata, image, argv, workingDir, more, mounts, logPath, logFile, labels,
        annotations, createdAt, state, startedAt, pid, pidStartedAt, finishedAt, exitCode, reason, message);
  }

  /** A created container that never ran, stopped or failed before its process started. */
  ContainerRecord neverStarted(Instant at, int code, String why, String text) {
    return new ContainerRecord(id, sandboxId, metadata, image, argv, workingDir, envs, mounts, logPath, logFile, labels,
        annotations, createdAt, ContainerState.EXITED, null, 0, null, at, code, why, text);
  }
}
