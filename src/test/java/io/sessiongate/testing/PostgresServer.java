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
 */
public final class PostgresServer {
  private static PostgresServer shared;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private PostgresServer(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
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

  private static PostgresServer start() {
    String given = System.getenv("SESSIONGATE_TEST_PG_URI");
    if (given != null && !given.isBlank()) {
      var uri = io.sessiongate.core.config.GatewayConfig.PgUri.parse(given);
      System.out.println("[tests] using PostgreSQL from SESSIONGATE_TEST_PG_URI at " + uri.host() + ":" + uri.port());
      return new PostgresServer(uri.host(), uri.port(), uri.user(), uri.password());
    }
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
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
          + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start"), root);
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
      return new PostgresServer("127.0.0.1", port, "postgres", null);
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
