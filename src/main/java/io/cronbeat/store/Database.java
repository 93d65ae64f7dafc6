package io.cronbeat.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

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

  /** Opens the pool and brings the schema up to date (whichever node comes first does it). */
  public static Database open(CronbeatConfig config) {
    String url = config.storeUrl();
    Dialect dialect = Dialect.of(url);
    if (dialect == Dialect.H2) {
      createDataDir(config.dataDir());
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(config.store().user().isEmpty() && dialect == Dialect.H2 ? "sa" : config.store().user());
    hikari.setPassword(config.store().password());
    hikari.setMaximumPoolSize(config.store().poolSize());
    hikari.setPoolName("cronbeat");
    hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    // Start even when the database is down: the node reports the outage and retries.
    hikari.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(hikari);
    Database database = new Database(pool, dialect, url);
    try {
      database.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return database;
  }

  private void migrate() {
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations(dialect.migrations())
          .table("cb_schema_history")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot prepare the database schema at " + maskedUrl() + ": " + firstLine(e), e);
    }
  }

  private static void createDataDir(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new io.cronbeat.CronbeatException("cannot create data directory " + dataDir + ": " + e.getMessage(),
          "set data-dir (or CRONBEAT_DATA) to a writable directory");
    }
  }

  /** The deepest cause says what went wrong ("Connection refused"); the wrappers only repeat it. */
  private static String firstLine(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message).strip();
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
