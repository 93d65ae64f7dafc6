package io.cronbeat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The few JDBC idioms the store uses: statements with parameters, rows mapped to values, transactions. */
public final class Jdbc {

  private static final int DEADLOCK_TRIES = 3;

  /** Maps the current row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final Runnable onError;

  public Jdbc(DataSource dataSource) {
    this(dataSource, () -> { });
  }

  /** @param onError told of every transaction that failed with a database error (a node counts them) */
  public Jdbc(DataSource dataSource, Runnable onError) {
    this.dataSource = dataSource;
    this.onError = onError;
  }

  public int update(String sql, Object... parameters) {
    return transaction(connection -> update(connection, sql, parameters));
  }

  public <T> List<T> query(String sql, Row<T> row, Object... parameters) {
    return transaction(connection -> query(connection, sql, row, parameters));
  }

  public <T> Optional<T> one(String sql, Row<T> row, Object... parameters) {
    return query(sql, row, parameters).stream().findFirst();
  }

  /**
   * Work inside one transaction. One the database chose as a deadlock victim is run again from
   * the start, a few times: InnoDB's next-key locks make two claimants of one queue collide now
   * and then though neither waits on the other's rows, and that is no outage to report.
   */
  public <T> T transaction(Work<T> work) {
    for (int tries = 1; ; tries++) {
      try {
        return once(work);
      } catch (SQLException e) {
        if (tries >= DEADLOCK_TRIES || !deadlock(e)) {
          onError.run();
          throw new StoreException(e);
        }
      } catch (AssertionError e) {
        // The PostgreSQL driver asserts (under -ea) on a connection cut mid-batch: an outage like any
        // other for every caller, not an Error that ends the dispatcher's thread.
        onError.run();
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
  }

  /** SQLSTATE 40001 (serialization failure; MySQL/MariaDB and H2 deadlocks) or 40P01 (PostgreSQL deadlock). */
  private static boolean deadlock(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  private <T> T once(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  public static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet results = statement.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (results.next()) {
        rows.add(row.map(results));
      }
      return rows;
    }
  }

  /**
   * Runs one statement once per row of parameters, sent together: one round trip instead of one
   * per row. Returns each row's update count, in order.
   */
  public static int[] batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(statement, row);
        statement.addBatch();
      }
      return statement.executeBatch();
    }
  }

  /**
   * How many values one IN list holds at most. H2 checks each row it finds against the whole
   * list, one by one: the watchdog's first pass over 10,000 jobs in one list compared 10^8 names
   * (seconds of a node's start). A bounded list also stays inside every driver's parameter limit.
   */
  public static final int IN_LIST = 500;

  /** Work for one part of an IN list: its values, and as many {@code ?} marks, comma-separated. */
  @FunctionalInterface
  public interface InList<T, E extends Exception> {
    void run(List<T> values, String marks) throws E;
  }

  /**
   * Runs {@code part} for every {@value #IN_LIST} values, in order: one statement per part
   * instead of one with every value in its IN list. {@code E} is what {@code part} throws: work
   * on a connection throws {@link SQLException}, work through a {@code Jdbc} nothing checked.
   */
  public static <T, E extends Exception> void inLists(Collection<T> values, InList<T, E> part) throws E {
    List<T> all = List.copyOf(values);
    for (int start = 0; start < all.size(); start += IN_LIST) {
      List<T> chunk = all.subList(start, Math.min(all.size(), start + IN_LIST));
      part.run(chunk, String.join(", ", Collections.nCopies(chunk.size(), "?")));
    }
  }

  /** Inserts a row and returns its generated {@code id}. */
  public static long insert(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"})) {
      bind(statement, parameters);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Null-safe read of a nullable BIGINT or INT column. */
  public static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /** True when the failure is a unique-key violation: the row is already there. */
  public static boolean isDuplicate(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    bind(statement, parameters);
    return statement;
  }

  static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }
}
