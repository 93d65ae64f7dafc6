package io.cronbeat.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The node's clock set to the database's: leases are compared across nodes, so they are
 * measured on the one clock every node shares. The offset is measured by {@link #sync()} (each
 * heartbeat) to within half a round trip; between syncs the node's own clock carries it. A clock
 * that is never synced is the node's clock unchanged, which is what tests that move time by hand
 * want.
 */
public final class DatabaseClock extends Clock {

  private final Clock local;
  private final Jdbc jdbc;
  private final Dialect dialect;
  private volatile Duration offset = Duration.ZERO;

  public DatabaseClock(Clock local, Jdbc jdbc, Dialect dialect) {
    this.local = local;
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /**
   * Measures how far the database's clock is from this node's.
   *
   * @return the new offset (database minus node)
   */
  public Duration sync() {
    long before = local.millis();
    long database = jdbc.one(dialect.nowMillis(), row -> row.getLong(1)).orElseThrow();
    long after = local.millis();
    offset = Duration.ofMillis(database - (before + after) / 2);
    return offset;
  }

  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return local.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return local.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the database clock keeps the node's zone");
  }
}
