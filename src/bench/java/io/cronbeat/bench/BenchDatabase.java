package io.cronbeat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one measurement, dropped on close: an H2 file in a temporary
 * directory, or a new schema in the local PostgreSQL (as the tests' TestStore does), so no
 * measurement inherits another's rows, indexes or bloat.
 */
final class BenchDatabase implements AutoCloseable {

  private static final String PG_URL = System.getenv().getOrDefault("CRONBEAT_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String PG_USER = System.getenv().getOrDefault("CRONBEAT_BENCH_PG_USER", "postgres");

  private final StoreKind kind;
  private final Path dir;
  private final String schema;
  /** Drops the database when the benchmark is stopped (Ctrl-C) in the middle of a measurement. */
  private final Thread dropOnExit = new Thread(this::dropQuietly, "bench-drop-database");

  private BenchDatabase(StoreKind kind, Path dir, String schema) {
    this.kind = kind;
    this.dir = dir;
    this.schema = schema;
    Runtime.getRuntime().addShutdownHook(dropOnExit);
  }

  static BenchDatabase create(StoreKind kind) throws IOException, SQLException {
    Path dir = Files.createTempDirectory("cronbeat-bench-");
    String schema = "cb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    if (kind == StoreKind.POSTGRESQL) {
      admin("CREATE SCHEMA " + schema);
    }
    return new BenchDatabase(kind, dir, schema);
  }

  StoreKind kind() {
    return kind;
  }

  /** A scratch directory that goes with the database. */
  Path dir() {
    return dir;
  }

  /**
   * The JDBC URL for a system that brings its own tables (Quartz, db-scheduler): on H2 with H2's
   * default write delay (a commit reaches the file within 0.5 s).
   */
  String jdbcUrl() {
    return jdbcUrl(false);
  }

  /**
   * @param writeDelayZero on H2, every commit written to the file before it returns, as
   *     cronbeat's embedded store does ({@code WRITE_DELAY=0}): the same durability. PostgreSQL
   *     commits that way anyway.
   */
  String jdbcUrl(boolean writeDelayZero) {
    return kind == StoreKind.H2
        ? "jdbc:h2:async:" + dir.resolve("bench").toAbsolutePath() + ";DB_CLOSE_DELAY=0" + (writeDelayZero ? ";WRITE_DELAY=0" : "")
        : PG_URL + "?currentSchema=" + schema;
  }

  String user() {
    return kind == StoreKind.H2 ? "sa" : PG_USER;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), "");
  }

  /**
   * The environment a cronbeat node on this database would see: its own embedded H2 store
   * under the data directory, or the PostgreSQL schema.
   */
  Map<String, String> cronbeatEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("CRONBEAT_DATA", dir.resolve("data").toString());
    env.put("CRONBEAT_HTTP_PORT", "0"); // several nodes on one machine: none takes the default HTTP port
    if (kind == StoreKind.POSTGRESQL) {
      env.put("CRONBEAT_STORE_URL", PG_URL + "?currentSchema=" + schema);
      env.put("CRONBEAT_STORE_USER", PG_USER);
    }
    return env;
  }

  /** Runs a script of statements separated by semicolons (no semicolons inside statements). */
  void script(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String part : sql.split(";")) {
        String stripped = part.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
        if (!stripped.isEmpty()) {
          statement.execute(stripped);
        }
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) already.
    }
    drop();
  }

  private void dropQuietly() {
    try {
      drop();
    } catch (SQLException | UncheckedIOException e) {
      System.err.println("bench: could not drop " + (kind == StoreKind.POSTGRESQL ? "schema " + schema : dir) + ": " + e);
    }
  }

  private void drop() throws SQLException {
    if (kind == StoreKind.POSTGRESQL) {
      // Not for ever: on Ctrl-C a node may still hold locks in it.
      admin("SET lock_timeout = '5s'; DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
