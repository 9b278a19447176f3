package io.sessiongate.cli;

import io.sessiongate.core.auth.PasswordHasher;
import io.sessiongate.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {
  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new SessionGateCommand());
    commandLine.setOut(new PrintWriter(out));
    int exit = commandLine.execute(args);
    assertEquals(expectedExit, exit, out.toString());
    return out.toString();
  }

  @Test
  void helpListsTheSubcommands() {
    String help = run(0, "--help");
    for (String command : new String[] {"run", "migrate", "hash-password"}) {
      assertTrue(help.contains(command), help);
    }
    assertTrue(run(0, "migrate", "--help").contains("--conf"));
  }

  @Test
  void hashPasswordPrintsAnArgon2idHashOfThePassword() throws Exception {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(captured, true));
    try {
      run(0, "hash-password", "--password", "s3cret-value");
    } finally {
      System.setOut(original);
    }
    String hash = captured.toString().trim();
    assertTrue(new PasswordHasher().verify("s3cret-value", hash), hash);
  }

  @Test
  void migrateAppliesTheSchemaToPostgres() throws Exception {
    String uri = PostgresServer.shared().newDatabase("migrate_cli");
    Path conf = Files.createTempFile("sessiongate", ".yaml");
    Files.writeString(conf, "store: postgres\npg:\n  uri: " + uri + "\n");
    run(0, "migrate", "--conf", conf.toString());
    var parsed = io.sessiongate.core.config.GatewayConfig.PgUri.parse(uri);
    try (var connection = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
         var rows = connection.createStatement().executeQuery("SELECT count(*) FROM users")) {
      assertTrue(rows.next());
      assertEquals(0, rows.getInt(1));
    }
    run(0, "migrate", "--conf", conf.toString());
  }

  @Test
  void aBadSettingStopsTheStartWithOneLineNamingTheKey() throws Exception {
    Path conf = Files.createTempFile("sessiongate", ".yaml");
    Files.writeString(conf, "http:\n  port: seventy\n");
    assertEquals("sessiongate: http.port: must be an integer from 0 to 65535, got 'seventy'",
      stderrOf(2, "run", "--conf", conf.toString()));
  }

  private static String stderrOf(int expectedExit, String... args) {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      run(expectedExit, args);
    } finally {
      System.setErr(original);
    }
    return captured.toString().trim();
  }

  @Test
  void aBadBmcSimQuirkSaysInOneLineWhatTheOptionTakes() {
    assertEquals("sessiongate bmc-sim: --location takes absolute, path, relative or none, not 'sideways'",
      stderrOf(2, "bmc-sim", "--location", "sideways"));
    assertEquals("sessiongate bmc-sim: --session-limit-style takes idrac, xcc or ilo, not 'supermicro'",
      stderrOf(2, "bmc-sim", "--session-limit-style", "supermicro"));
    assertEquals("sessiongate bmc-sim: --login-status takes 200, 201 or 204, not 202",
      stderrOf(2, "bmc-sim", "--login-status", "202"));
    assertEquals("sessiongate bmc-sim: --sessions-path takes a path under /redfish/v1/ (letters, digits and /), "
      + "not '/sessions'", stderrOf(2, "bmc-sim", "--sessions-path", "/sessions"));
  }
}
