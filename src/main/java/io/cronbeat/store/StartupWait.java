package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A starting node waits for its database: after a reboot the database often comes up later
 * than the node, and exiting would only make a crash loop of the service manager's restarts.
 * Tries again after 0.5 s, doubling to at most 2 s; logs once when it starts waiting and once
 * when the database answers. A wrong password is not an outage: that fails at once.
 */
final class StartupWait {

  private static final Logger log = LoggerFactory.getLogger(StartupWait.class);
  static final Duration FIRST_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofSeconds(2);

  private final CronbeatConfig config;
  private final Clock clock;
  private final Database.Sleeper sleeper;

  StartupWait(CronbeatConfig config, Clock clock, Database.Sleeper sleeper) {
    this.config = config;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  void untilReachable() {
    String url = config.storeUrl();
    if (Dialect.of(url) == Dialect.H2 && !url.startsWith("jdbc:h2:tcp:")) {
      return; // a file on this machine: nothing to wait for
    }
    Duration limit = config.store().waitAtStart();
    Instant deadline = limit.isZero() ? Instant.MAX : clock.instant().plus(limit);
    Duration delay = FIRST_DELAY;
    boolean waited = false;
    for (Optional<String> problem = unreachable(url); problem.isPresent(); problem = unreachable(url)) {
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new StoreException("database not reachable at " + CronbeatConfig.masked(url) + " (" + problem.get()
            + "); gave up after " + seconds(limit) + " (store.wait-at-start)", null);
      }
      Duration wait = now.plus(delay).isAfter(deadline) ? Duration.between(now, deadline) : delay;
      if (!waited) {
        log.warn("database not reachable at {} ({}); waiting for it, next try in {}", CronbeatConfig.masked(url),
            problem.get(), seconds(wait));
        waited = true;
      } else {
        log.debug("database still not reachable ({}); next try in {}", problem.get(), seconds(wait));
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Database.StoppedWhileWaiting();
      }
      delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    }
    if (waited) {
      log.info("database reachable; starting");
    }
  }

  /** Why the database cannot be reached, or empty when it answers (or refuses for another reason). */
  private Optional<String> unreachable(String url) {
    try (Connection probe = DriverManager.getConnection(url, config.store().user(), config.store().password())) {
      return Optional.empty();
    } catch (SQLException e) {
      if (isOutage(e)) {
        return Optional.of(Database.firstLine(e));
      }
      throw new StoreException(e);
    }
  }

  private static boolean isOutage(SQLException e) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")
        || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException || cause instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** {@code 0.5s}, {@code 2s}. */
  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
