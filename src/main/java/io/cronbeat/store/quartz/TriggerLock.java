package io.cronbeat.store.quartz;

import io.cronbeat.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Quartz's own cluster-wide row lock on the triggers, taken as its StdRowLockSemaphore takes
 * it: firing passes and syncs on every node take turns with each other and with Quartz's calls.
 */
final class TriggerLock {

  private static final String SELECT =
      "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE";

  private TriggerLock() {}

  /** Holds the lock until the connection's transaction ends; creates its row the first time. */
  static void take(Connection connection, String cluster) throws SQLException {
    if (Jdbc.query(connection, SELECT, row -> row.getString(1), cluster).isEmpty()) {
      Jdbc.update(connection, "INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES (?, 'TRIGGER_ACCESS')", cluster);
      Jdbc.query(connection, SELECT, row -> row.getString(1), cluster);
    }
  }
}
