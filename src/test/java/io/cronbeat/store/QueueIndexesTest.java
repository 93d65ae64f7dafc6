package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's queue indexes (V15): a statement about one run, planned while {@code cb_runs} was
 * empty (as a node's prepared statements are, and kept for the connection's life), reads a few
 * pages however many dead index entries the runs' earlier states left behind. PostgreSQL keeps
 * those until the table is vacuumed, and this project's server runs with autovacuum off.
 */
class QueueIndexesTest {

  @TempDir Path dir;

  @Test
  void aRunsClaimAndEndReadAFewPagesAfterThousandsOfRunsHaveComeAndGone() throws Exception {
    try (TestStore store = TestStore.create(TestStore.Kind.POSTGRESQL, dir);
        Database database = Database.open(store.config(Map.of()));
        Connection connection = database.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      connection.setAutoCommit(true);
      // The node's generic plans, made now while the table is empty.
      sql.execute("SET plan_cache_mode = force_generic_plan");
      sql.execute("PREPARE claim(bigint, int, bigint) AS UPDATE cb_runs SET state = 'RUNNING', node_id = 'n', attempts = attempts + 1"
          + numbered(ClaimBatch.CLAIM.substring(ClaimBatch.CLAIM.indexOf(" WHERE "))));
      sql.execute("PREPARE finish(bigint, int, varchar) AS UPDATE cb_runs SET state = 'SUCCEEDED', node_id = NULL" + numbered(RunLeases.OWNED));
      sql.execute("EXECUTE claim(0, 0, 0)");
      sql.execute("EXECUTE finish(0, 1, 'n')");

      // 10,000 runs queued, claimed and ended: each state left its index entries behind.
      sql.execute("INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, max_attempts, created_at)"
          + " SELECT 'job', 'SCHEDULED', n, 'QUEUED', n, 1, 0 FROM generate_series(1, 10000) n");
      sql.execute("UPDATE cb_runs SET state = 'RUNNING', node_id = 'n', attempts = 1");
      sql.execute("UPDATE cb_runs SET state = 'SUCCEEDED', node_id = NULL");
      sql.execute("INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, max_attempts, created_at)"
          + " VALUES ('job', 'SCHEDULED', 20000, 'QUEUED', 20000, 1, 0)");
      long id;
      try (ResultSet row = sql.executeQuery("SELECT MAX(id) FROM cb_runs")) {
        row.next();
        id = row.getLong(1);
      }

      assertThat(pages(sql, "EXECUTE claim(" + id + ", 0, 20000)")).as("pages the claim read").isLessThan(10);
      assertThat(pages(sql, "EXECUTE finish(" + id + ", 1, 'n')")).as("pages the end read").isLessThan(10);
    }
  }

  /** A statement's JDBC parameters as PREPARE's $1, $2, ... */
  private static String numbered(String where) {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char c : where.toCharArray()) {
      numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    return numbered.toString();
  }

  /** Pages (buffers) the plan's scan for the run touched, as EXPLAIN ANALYZE counts them: its last "Buffers" line. */
  private static long pages(Statement sql, String statement) throws Exception {
    List<String> plan = new ArrayList<>();
    try (ResultSet rows = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + statement)) {
      while (rows.next()) {
        plan.add(rows.getString(1));
      }
    }
    long pages = -1;
    Pattern counts = Pattern.compile("(hit|read)=(\\d+)");
    for (String line : plan) {
      if (line.trim().startsWith("Buffers: shared")) {
        pages = 0;
        for (Matcher count = counts.matcher(line); count.find(); ) {
          pages += Long.parseLong(count.group(2));
        }
      }
    }
    assertThat(pages).as("buffers in %s", plan).isNotNegative();
    return pages;
  }
}
