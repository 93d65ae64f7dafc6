package io.cronbeat.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The store's schema. Nodes (and {@code scheduler migrate}) bring it up to date with Flyway;
 * every other command only checks its version, in one query: Flyway loads some 5,000 classes
 * and took 1.2 s of every {@code list}.
 */
final class Migrations {

  /** The highest migration under {@code db/}: what this cronbeat needs. A test checks it against the files. */
  static final int LATEST = 15;
  static final String HISTORY = "cb_schema_history";
  /** "No such table" in PostgreSQL, in H2 and MariaDB, and in an empty H2 database. */
  private static final Set<String> NO_TABLE = Set.of("42P01", "42S02", "42S04");
  private static final String REMEDY = "start a node (scheduler run) or run 'scheduler migrate'";

  private Migrations() {}

  static void migrate(DataSource dataSource, Dialect dialect, String maskedUrl) {
    // A store at this cronbeat's version has nothing to migrate: one query instead of loading
    // Flyway spares every node start about a second. A new, older, newer or half-migrated
    // store (a failed migration is not counted) still goes through Flyway, which says what is wrong.
    if (version(dataSource, dialect, maskedUrl) == LATEST) {
      return;
    }
    try {
      Flyway.configure().dataSource(dataSource).locations(dialect.migrations()).table(HISTORY).load().migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot prepare the database schema at " + maskedUrl + ": " + Database.firstLine(e), e);
    }
  }

  /** Fails, saying what to do, unless the schema is exactly the one this cronbeat needs. */
  static void check(DataSource dataSource, Dialect dialect, String maskedUrl) {
    int version = version(dataSource, dialect, maskedUrl);
    if (version == 0) {
      throw new StoreException("the store at " + maskedUrl + " has no cronbeat schema yet", REMEDY + " to create it", null);
    }
    if (version < LATEST) {
      throw new StoreException("the store's schema (version " + version + ") is older than this cronbeat (version " + LATEST
          + ")", REMEDY + " to bring it up to date", null);
    }
    if (version > LATEST) {
      throw new StoreException("the store's schema (version " + version + ") is newer than this cronbeat (version " + LATEST
          + ")", "use the cronbeat version the nodes run", null);
    }
  }

  /** The highest migration applied with success; 0 when there is none. */
  static int version(DataSource dataSource, Dialect dialect, String maskedUrl) {
    String sql = "SELECT " + dialect.quoted("version") + " FROM " + dialect.quoted(HISTORY) + " WHERE "
        + dialect.quoted("success") + " = TRUE";
    try (Connection connection = dataSource.getConnection()) {
      if (!historyTableAnywhere(connection)) {
        return 0;
      }
      return highestApplied(connection, sql);
    } catch (SQLException e) {
      if (e.getSQLState() != null && NO_TABLE.contains(e.getSQLState())) {
        return 0;
      }
      // The same words as a failing migration: the deepest cause ("Connection refused") says what is wrong.
      throw new StoreException("cannot prepare the database schema at " + maskedUrl + ": " + Database.firstLine(e), e);
    }
  }

  /**
   * Whether any schema of the database has the history table. Asked first because a failed query
   * is not free everywhere: H2 writes every failing statement into a {@code .trace.db} file next to
   * the store, which a new user then finds holding an exception. A table in another schema still
   * makes the query fail, which counts as none.
   */
  private static boolean historyTableAnywhere(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet tables = meta.getTables(connection.getCatalog(), null, HISTORY, null)) {
      return tables.next();
    }
  }

  private static int highestApplied(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      int version = 0;
      while (rows.next()) {
        String applied = rows.getString(1); // null for Flyway's own schema-creation row
        if (applied != null) {
          version = Math.max(version, Integer.parseInt(applied.split("\\.")[0]));
        }
      }
      return version;
    }
  }
}
