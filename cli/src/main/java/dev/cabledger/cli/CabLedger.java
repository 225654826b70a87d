package dev.cabledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cab-ledger} command. */
@Command(
    name = "cab-ledger",
    mixinStandardHelpOptions = true,
    versionProvider = CabLedger.Version.class,
    description = "Provable change approvals: a signed, append-only Merkle ledger.",
    subcommands = {
      ServeCommand.class,
      VerifyCommand.class,
      VerifyReportCommand.class,
      GateCommand.class,
      KeysCommand.class,
      ApproveCommand.class,
      TokenCommand.class,
      LoginLinkCommand.class,
      BenchCommand.class,
      RebuildCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CabLedger {
  private CabLedger() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0 || !ServeCommand.isServing()) {
      System.exit(code);
    }
  }

  /** The command line, for tests that run it in-process. */
  static CommandLine commandLine() {
    return new CommandLine(new CabLedger()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CabLedger.class.getPackage().getImplementationVersion();
      return new String[] {"cab-ledger " + (v == null ? "(development build)" : v)};
    }
  }
}
