package io.cronbeat.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The node's clock set to the database's: leases are compared across nodes, so they are
 * measured on the one clock every node shares. The offset is measured by {@link #sync()} (each
 * heartbeat) to within half a round trip (the nearest zero of what it can be), and adopted only when it moved by more than
 * {@link #STEADY} (so that times this node records do not jitter backwards by a millisecond at
 * each sync); between syncs the node's own clock carries it. A clock that is never synced is the
 * node's clock unchanged, which is what tests that move time by hand want.
 */
public final class DatabaseClock extends Clock {

  /** Offset changes smaller than this are measurement noise. */
  static final Duration STEADY = Duration.ofMillis(20);

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
    Duration measured = Duration.ofMillis(nearestZero(database - (before + after) / 2, after - before));
    if (measured.minus(offset).abs().compareTo(STEADY) > 0) {
      offset = measured;
    }
    return offset;
  }

  /**
   * The database read its clock somewhere in the round trip, so the offset is only known to
   * within half of it (and the millisecond the database truncates): of the offsets the answer
   * allows, the one nearest zero. A database on this machine's clock is then never taken to be
   * ahead because one answer came back slowly on a busy machine (a node ahead of its own clock
   * starts processes a few milliseconds before their second, by the clock they see).
   */
  static long nearestZero(long offsetMillis, long roundTripMillis) {
    long uncertainty = (roundTripMillis + 1) / 2 + 1;
    return Long.signum(offsetMillis) * Math.max(0, Math.abs(offsetMillis) - uncertainty);
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
