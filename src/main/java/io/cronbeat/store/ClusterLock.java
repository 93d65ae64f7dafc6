package io.cronbeat.store;

import java.util.function.Supplier;

/**
 * A lock held by one node of the cluster at a time: a row of {@code cb_locks} locked for the
 * length of a transaction, so a node that dies releases it with its connection.
 */
public final class ClusterLock {

  private final Jdbc jdbc;

  public ClusterLock(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public <T> T holding(String name, Supplier<T> work) {
    return jdbc.transaction(connection -> {
      Jdbc.query(connection, "SELECT name FROM cb_locks WHERE name = ? FOR UPDATE", row -> row.getString(1), name);
      return work.get();
    });
  }
}
