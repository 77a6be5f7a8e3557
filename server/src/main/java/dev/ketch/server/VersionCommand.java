package dev.ketch.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version of Ketch.")
final class VersionCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("ketch " + Version.current());
    return 0;
  }
}
