package io.sessiongate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests: {@code SESSIONGATE_TEST_PG_URI} when set, else a throwaway server started
 * from the installed binaries (PATH or /usr/lib/postgresql/N/bin) in a temp directory on a free port, as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses root). One per test JVM; each test
 * class gets a fresh database. Never skipped: without PostgreSQL the tests fail and say how to get it.
 * Tests of outages take a {@link #dedicated} server of their own, which they can stop, start, freeze and thaw.
 */
public final class PostgresServer {
  private static PostgresServer shared;
  private static PostgresServer dedicated;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  /** Set when this JVM started the server (not for SESSIONGATE_TEST_PG_URI): what stop/start/freeze need. */
  private final Path bin;
  private final Path data;
  private final Path logFile;
  private final String serverOptions;
  private final boolean asPostgres;

  private PostgresServer(String host, int port, String user, String password) {
    this(host, port, user, password, null, null, null, null, false);
  }

  private PostgresServer(String host, int port, String user, String password, Path bin, Path data, Path logFile,
                         String serverOptions, boolean asPostgres) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.bin = bin;
    this.data = data;
    this.logFile = logFile;
    this.serverOptions = serverOptions;
    this.asPostgres = asPostgres;
  }

  public static synchronized PostgresServer shared() {
    if (shared == null) {
      String given = System.getenv("SESSIONGATE_TEST_PG_URI");
      if (given != null && !given.isBlank()) {
        var uri = io.sessiongate.core.config.GatewayConfig.PgUri.parse(given);
        System.out.println("[tests] using PostgreSQL from SESSIONGATE_TEST_PG_URI at " + uri.host() + ":" + uri.port());
        shared = new PostgresServer(uri.host(), uri.port(), uri.user(), uri.password());
      } else {
        shared = launch(false);
      }
    }
    return shared;
  }

  /**
   * A server for the tests that take it down (the shared one serves every other test class), one per JVM: each
   * such test leaves it running when it ends. Always started from the installed binaries, also when
   * SESSIONGATE_TEST_PG_URI is set; stopped when the JVM exits.
   * Its commits are acknowledged only once their WAL is written (synchronous_commit=on), so that a stop with
   * {@code -m immediate} loses nothing that was acknowledged, as on a production server.
   */
  public static synchronized PostgresServer dedicated() {
    if (dedicated == null) {
      dedicated = launch(true);
    }
    return dedicated;
  }

  /** {@code pg_ctl stop -m immediate}: the server goes away at once, as a crash or a kill would take it. */
  public void stopImmediately() {
    requireOwned();
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), asPostgres);
  }

  /** Starts the server again on the same port and data (after {@link #stopImmediately}); returns once it accepts. */
  public void startAgain() {
    requireOwned();
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile.toString(), "-w", "-t", "60",
      "-o", serverOptions, "start"), asPostgres);
  }

  /** SIGSTOP to the postmaster and every backend: connections stay open and nothing answers. */
  public void freeze() {
    signalAll("-STOP");
  }

  /** SIGCONT: the frozen server carries on where it stopped. */
  public void thaw() {
    signalAll("-CONT");
  }

  private void signalAll(String signal) {
    requireOwned();
    long postmaster;
    try {
      postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new IllegalStateException("no postmaster.pid in " + data + ": " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(postmaster)));
    ProcessHandle.of(postmaster).ifPresent(process -> process.descendants()
      .forEach(child -> command.add(Long.toString(child.pid()))));
    run(command, false);
  }

  private void requireOwned() {
    if (bin == null) {
      throw new IllegalStateException("this PostgreSQL was not started by the tests (SESSIONGATE_TEST_PG_URI)");
    }
  }

  /** A JDBC connection to {@code database} as the server's superuser (for pg_terminate_backend and the like). */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbc(database), user, password);
  }

  /** A new, empty database; returns its postgresql:// URI. */
  public String newDatabase(String purpose) {
    String name = "sg_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
      + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection connection = DriverManager.getConnection(jdbc("postgres"), user, password);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
    }
    return "postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + name;
  }

  public String describe() {
    return host + ":" + port;
  }

  private String jdbc(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  private static PostgresServer launch(boolean durableCommits) {
    Path bin = findBinaries();
    try {
      Path dir = Files.createTempDirectory("sessiongate-pg-");
      Path data = dir.resolve("data");
      int port = freePort();
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        run(List.of("chmod", "700", dir.toString()), false);
      }
      run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--no-sync"), root);
      // fsync=off: the tests never crash the machine, only the server, and a written WAL outlives the server.
      String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
        + "-c synchronous_commit=" + (durableCommits ? "on" : "off") + " -c full_page_writes=off -c max_connections=300";
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", options, "start"), root);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
        } catch (RuntimeException ignored) {
          // The JVM is going away; a server left behind dies with its temp directory.
        }
        deleteRecursively(dir);
      }));
      String version = run(List.of(bin.resolve("postgres").toString(), "--version"), false).trim();
      System.out.println("[tests] started a real PostgreSQL server (" + version + ") on 127.0.0.1:" + port
        + " in " + dir + (root ? " as user postgres" : ""));
      return new PostgresServer("127.0.0.1", port, "postgres", null, bin, data, dir.resolve("server.log"), options,
        root);
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL for the tests: " + e.getMessage(), e);
    }
  }

  private static Path findBinaries() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Path.of(dir);
      }
    }
    Path installed = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(installed)) {
      try (Stream<Path> versions = Files.list(installed)) {
        List<Path> candidates = new ArrayList<>(versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .toList());
        candidates.sort(Comparator.comparing((Path p) -> versionOf(p.getParent())).reversed());
        if (!candidates.isEmpty()) {
          return candidates.get(0);
        }
      } catch (IOException ignored) {
        // Fall through to the explanation below.
      }
    }
    throw new IllegalStateException("The tests need a real PostgreSQL and none was found: install the server "
      + "binaries (Debian/Ubuntu: apt-get install -y postgresql) or set SESSIONGATE_TEST_PG_URI="
      + "postgresql://user:password@host:port/database to use a running server.");
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String run(List<String> command, boolean asPostgres) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("command failed: " + String.join(" ", full) + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", full) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: the OS cleans temp directories.
    }
  }
}
