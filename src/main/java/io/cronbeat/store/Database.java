package io.cronbeat.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** The connection pool and schema of one store, shared by Quartz and cronbeat's own tables. */
public final class Database implements AutoCloseable {

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String url;

  private Database(HikariDataSource pool, Dialect dialect, String url) {
    this.pool = pool;
    this.dialect = dialect;
    this.url = url;
  }

  /** What opening a store does with its schema. */
  public enum Schema {
    /** Brings it up to date (whichever node comes first does it). */
    MIGRATE,
    /** Only checks that it is the one this cronbeat needs, for commands: one query, no Flyway. */
    CHECK
  }

  /** Opens the pool and brings the schema up to date (whichever node comes first does it). */
  public static Database open(CronbeatConfig config) {
    return open(config, Schema.MIGRATE);
  }

  /** Opens the pool and migrates or checks the schema. */
  public static Database open(CronbeatConfig config, Schema schema) {
    String url = config.storeUrl();
    Dialect dialect = Dialect.of(url);
    if (dialect == Dialect.H2) {
      PrivateFiles.prepareDataDir(config.dataDir());
      EmbeddedH2.requireLoopbackServer(url);
    }
    EmbeddedH2.Credentials credentials = EmbeddedH2.credentials(config, dialect);
    // For H2, a first connection checks (or upgrades) the credentials and keeps the file open for the pool.
    try (Connection first = dialect == Dialect.H2 ? EmbeddedH2.connect(url, credentials) : null) {
      Database database = pool(config, dialect, url, credentials, schema);
      if (dialect == Dialect.H2 && config.store().url().isEmpty()) {
        EmbeddedH2.restrictFiles(config.dataDir());
      }
      return database;
    } catch (SQLException closing) {
      throw new StoreException(closing);
    }
  }

  /**
   * For a node: opens the store, and while the database cannot be reached, waits for it
   * (at most {@code store.wait-at-start}; zero: for ever) instead of exiting into a crash loop.
   */
  public static Database openWhenReachable(CronbeatConfig config) {
    return openWhenReachable(config, Clock.systemUTC(), SLEEP);
  }

  /** {@link #openWhenReachable(CronbeatConfig)} on a given clock and way of sleeping, for tests. */
  public static Database openWhenReachable(CronbeatConfig config, Clock clock, Sleeper sleeper) {
    if (Dialect.of(config.storeUrl()) != Dialect.H2) {
      PrivateFiles.prepareDataDir(config.dataDir()); // attempt logs live there whatever the store
    }
    new StartupWait(config, clock, sleeper).untilReachable();
    return open(config);
  }

  /** Waits; a test's sleeper moves its clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** The wait for an unreachable database was ended by a stop request (the sleeper was interrupted). */
  public static final class StoppedWhileWaiting extends CronbeatException {
    StoppedWhileWaiting() {
      super("stopped while waiting for the database", "");
    }
  }

  /** Sleeps the time asked. */
  public static final Sleeper SLEEP = duration -> Thread.sleep(duration.toMillis());

  private static Database pool(CronbeatConfig config, Dialect dialect, String url, EmbeddedH2.Credentials credentials,
      Schema schema) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(credentials.user());
    hikari.setPassword(credentials.password());
    hikari.setMaximumPoolSize(config.store().poolSize());
    hikari.setPoolName("cronbeat");
    hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    // Start even when the database is down: the node reports the outage and retries.
    hikari.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(hikari);
    Database database = new Database(pool, dialect, url);
    try {
      if (schema == Schema.MIGRATE) {
        Migrations.migrate(pool, dialect, database.maskedUrl());
      } else {
        Migrations.check(pool, dialect, database.maskedUrl());
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return database;
  }

  /** The deepest cause says what went wrong ("Connection refused"); the wrappers only repeat it. */
  static String firstLine(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message).strip();
  }

  /** The schema's version: the highest migration applied. */
  public int schemaVersion() {
    return Migrations.version(pool, dialect, maskedUrl());
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The URL with any password in it masked, for logs and status. */
  public String maskedUrl() {
    return CronbeatConfig.masked(url);
  }

  @Override
  public void close() {
    pool.close();
  }
}
