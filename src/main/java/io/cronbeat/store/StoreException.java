package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import java.sql.SQLException;

/** The database failed or could not be reached; says which, in one line. */
public class StoreException extends CronbeatException {

  public StoreException(SQLException cause) {
    super("database error: " + oneLine(cause), "check that the database is up and store.url, store.user and store.password are right", cause);
  }

  public StoreException(String message, Throwable cause) {
    super(message, "check that the database is up and store.url, store.user and store.password are right", cause);
  }

  /** A store problem with its own remedy. */
  public StoreException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  private static String oneLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)) + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
  }
}
