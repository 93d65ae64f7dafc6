package io.cronbeat.bench;

import io.cronbeat.store.Database;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Every firing of a lag window as the store recorded it, one CSV line each, for looking at where
 * a lag came from (the tables give only percentiles): the job, its scheduled time, when the
 * firing pass inserted the run, when its attempt started and ended, all epoch milliseconds.
 * Written next to results.json as {@code lag-<store>-<nodes>.csv} ({@code lag-<store>-<nodes>-processes.csv} for node processes); the schema is dropped after.
 */
final class LagTrace {

  private LagTrace() {}

  static void write(Path file, Map<String, String> env, LagWindow window) throws IOException, SQLException {
    Files.createDirectories(file.getParent());
    try (Database database = Database.open(CronbeatEnv.side(env)); Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT r.job, r.scheduled_at, r.created_at, a.started_at, a.finished_at"
            + " FROM cb_runs r LEFT JOIN cb_attempts a ON a.run_id = r.id AND a.attempt = 1"
            + " WHERE r.scheduled_at >= ? AND r.scheduled_at < ? ORDER BY r.scheduled_at, r.id");
        Writer out = Files.newBufferedWriter(file)) {
      s.setLong(1, window.from().toEpochMilli());
      s.setLong(2, window.to().toEpochMilli());
      out.write("job,scheduled_at,created_at,started_at,finished_at\n");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.write(r.getString(1) + "," + r.getLong(2) + "," + r.getLong(3) + "," + column(r, 4) + "," + column(r, 5) + "\n");
        }
      }
    }
  }

  private static String column(ResultSet r, int index) throws SQLException {
    long value = r.getLong(index);
    return r.wasNull() ? "" : Long.toString(value);
  }
}
