package io.cronbeat.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty store on a real database for one test: an H2 file in a temporary directory,
 * a new schema in the local PostgreSQL, or a new database in the local MariaDB. Dropped on close.
 *
 * <p>PostgreSQL and MariaDB must run in CI; elsewhere a test on an absent one is skipped, loudly.
 */
public final class TestStore implements AutoCloseable {

  /** The databases every store test runs on. */
  public enum Kind { H2, POSTGRESQL, MARIADB }

  private static final String PG_URL = System.getenv().getOrDefault("CRONBEAT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String PG_USER = System.getenv().getOrDefault("CRONBEAT_TEST_PG_USER", "postgres");
  private static final String MARIADB_URL = System.getenv().getOrDefault("CRONBEAT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
  private static final String MARIADB_USER = System.getenv().getOrDefault("CRONBEAT_TEST_MARIADB_USER", "root");

  private final Kind kind;
  private final String name;
  private final Path dataDir;
  private final Map<String, String> env = new HashMap<>();

  private TestStore(Kind kind, Path dataDir) {
    this.kind = kind;
    this.name = "cb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.dataDir = dataDir;
  }

  /** Creates the schema or database; skips the test when the server is absent outside CI. */
  public static TestStore create(Kind kind, Path dataDir) {
    TestStore store = new TestStore(kind, dataDir);
    store.env.put("CRONBEAT_DATA", dataDir.toString());
    // Many nodes run at once in the suite: none takes the default HTTP port; the HTTP tests pick free ones.
    store.env.put("CRONBEAT_HTTP_PORT", "0");
    try {
      switch (kind) {
        case H2 -> { }
        case POSTGRESQL -> {
          admin(PG_URL, PG_USER, "CREATE SCHEMA " + store.name);
          store.env.put("CRONBEAT_STORE_URL", PG_URL + "?currentSchema=" + store.name);
          store.env.put("CRONBEAT_STORE_USER", PG_USER);
        }
        case MARIADB -> {
          admin(MARIADB_URL, MARIADB_USER, "CREATE DATABASE " + store.name);
          store.env.put("CRONBEAT_STORE_URL", MARIADB_URL + store.name);
          store.env.put("CRONBEAT_STORE_USER", MARIADB_USER);
        }
      }
    } catch (SQLException e) {
      boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
      String message = kind + " is not reachable (" + e.getMessage() + ")";
      if (ci) {
        throw new AssertionError(message + ": in CI every store test must run", e);
      }
      System.err.println("!!! SKIPPING " + kind + " STORE TEST: " + message + " !!!");
      assumeTrue(false, message);
    }
    return store;
  }

  public Kind kind() {
    return kind;
  }

  /** The environment a node or a command on this store would see. */
  public Map<String, String> env() {
    return Map.copyOf(env);
  }

  /** The configuration of a node on this store, with the given extra settings. */
  public CronbeatConfig config(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extra);
    return new ConfigLoader(all, ZoneId.of("UTC")).load(null);
  }

  @Override
  public void close() throws SQLException {
    switch (kind) {
      case H2 -> { }
      case POSTGRESQL -> admin(PG_URL, PG_USER, "DROP SCHEMA " + name + " CASCADE");
      case MARIADB -> admin(MARIADB_URL, MARIADB_USER, "DROP DATABASE " + name);
    }
  }

  private static void admin(String url, String user, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
