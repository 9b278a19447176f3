package io.sessiongate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar sessiongate.jar [run|migrate|hash-password] ...}; with no subcommand it runs the gateway. */
@Command(name = "sessiongate", mixinStandardHelpOptions = true, version = "SessionGate 0.1.0",
  description = "A Vert.x gateway for four session REST APIs and a Redfish proxy for BMCs.",
  subcommands = {RunCommand.class, MigrateCommand.class, HashPasswordCommand.class, BmcSimCommand.class,
    CommandLine.HelpCommand.class})
public final class SessionGateCommand implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Mixin
  RunCommand run = new RunCommand();

  @Override
  public Integer call() throws Exception {
    return run.call();
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new SessionGateCommand()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
