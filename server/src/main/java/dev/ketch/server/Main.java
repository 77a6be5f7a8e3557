package dev.ketch.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ketch} command. */
@Command(
    name = "ketch",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "A Kubernetes-compatible container orchestrator in one distribution.",
    subcommands = {ServerCommand.class, SchedulerCommand.class, ControllerManagerCommand.class, AgentCommand.class,
        TokenCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Reports a failure as one line naming what went wrong. Misuse and refused start-ups are the
   * user's to fix and need no stack trace; anything else is a bug and keeps it.
   */
  private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof IllegalArgumentException || e instanceof dev.ketch.store.StoreException
        || e instanceof dev.ketch.kubelet.bootstrap.JoinException) {
      cmd.getErr().println("ketch: " + e.getMessage());
      return 2;
    }
    cmd.getErr().println("ketch: unexpected failure: " + e);
    e.printStackTrace(cmd.getErr());
    return 1;
  }

  /** Runs the command line and returns the exit code, without exiting. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::reportFailure)
        .execute(args);
  }
}
