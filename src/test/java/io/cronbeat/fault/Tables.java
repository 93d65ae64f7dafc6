package io.cronbeat.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * cb_runs and cb_attempts read with plain SQL, straight from the database (never through a
 * node's proxy), so the tests work on the tables as they are before and after the fencing
 * migration: a column that does not exist yet reads as empty.
 */
final class Tables {

  /** A row of cb_runs. */
  record RunRow(long id, String job, String kind, Instant scheduledAt, String state, int attempts, int maxAttempts,
      String nodeId, Instant createdAt, Instant startedAt, Instant finishedAt, String reason) {}

  /** A row of cb_attempts; the last three exist only after the fencing migration. */
  record AttemptRow(long runId, int attempt, String nodeId, Instant startedAt, Instant finishedAt, String outcome,
      Optional<String> reason, Optional<Long> processGroup, Optional<String> cleanup) {}

  private final String url;
  private final String user;

  Tables(Map<String, String> storeEnv) {
    this.url = storeEnv.get("CRONBEAT_STORE_URL");
    this.user = storeEnv.get("CRONBEAT_STORE_USER");
  }

  /** All runs, oldest first; empty before the node created the tables. */
  List<RunRow> runs() {
    return query("SELECT * FROM cb_runs ORDER BY id", row -> new RunRow(row.getLong("id"), row.getString("job"),
        row.getString("kind"), instant(row, "scheduled_at"), row.getString("state"), row.getInt("attempts"),
        row.getInt("max_attempts"), row.getString("node_id"), instant(row, "created_at"), instant(row, "started_at"),
        instant(row, "finished_at"), row.getString("reason")));
  }

  Optional<RunRow> run(long id) {
    return runs().stream().filter(r -> r.id() == id).findFirst();
  }

  List<AttemptRow> attempts() {
    return query("SELECT * FROM cb_attempts ORDER BY run_id, attempt", row -> {
      Set<String> columns = columns(row.getMetaData());
      return new AttemptRow(row.getLong("run_id"), row.getInt("attempt"), row.getString("node_id"),
          instant(row, "started_at"), instant(row, "finished_at"), row.getString("outcome"),
          columns.contains("reason") ? Optional.ofNullable(row.getString("reason")) : Optional.empty(),
          columns.contains("process_group") ? Optional.ofNullable((Long) row.getObject("process_group", Long.class))
              : Optional.empty(),
          columns.contains("cleanup") ? Optional.ofNullable(row.getString("cleanup")) : Optional.empty());
    });
  }

  List<AttemptRow> attempts(long runId) {
    return attempts().stream().filter(a -> a.runId() == runId).toList();
  }

  boolean hasColumn(String table, String column) {
    return withConnection(c -> {
      try (PreparedStatement statement = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0");
          ResultSet rows = statement.executeQuery()) {
        return columns(rows.getMetaData()).contains(column);
      }
    });
  }

  /**
   * Queues a manual run of a declared job, as {@code scheduler trigger} does but without a JVM
   * start per run (the columns are those of the first schema; later ones have defaults).
   */
  long enqueue(String job, int maxAttempts) {
    long now = System.currentTimeMillis();
    return withConnection(c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO cb_runs (job, kind, state, due_at, attempts,"
          + " max_attempts, created_at) VALUES (?, 'MANUAL', 'QUEUED', ?, 0, ?, ?)", new String[] {"id"})) {
        insert.setString(1, job);
        insert.setLong(2, now);
        insert.setInt(3, maxAttempts);
        insert.setLong(4, now);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    });
  }

  private interface Mapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private interface Work<T> {
    T in(Connection connection) throws SQLException;
  }

  private <T> List<T> query(String sql, Mapper<T> mapper) {
    return withConnection(c -> {
      List<T> rows = new ArrayList<>();
      try (PreparedStatement statement = c.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(mapper.map(result));
        }
      } catch (SQLException e) {
        if (isMissingTable(e)) {
          return List.of();
        }
        throw e;
      }
      return rows;
    });
  }

  private <T> T withConnection(Work<T> work) {
    try (Connection connection = DriverManager.getConnection(url, user, "")) {
      return work.in(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store at " + url + ": " + e.getMessage(), e);
    }
  }

  private static boolean isMissingTable(SQLException e) {
    return "42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState());
  }

  private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
    Set<String> names = new HashSet<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
