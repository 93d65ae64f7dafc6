package io.cronbeat.store;

import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The store as commands use it: the tables, on one pool, closed with it. */
public final class Store implements AutoCloseable {

  private final Database database;
  private final JobTable jobs;
  private final RunHistory history;
  private final NodeTable nodes;
  private final NotificationTable notifications;
  private final RunQueue queue;

  private Store(Database database, Clock clock) {
    this.database = database;
    Jdbc jdbc = new Jdbc(database.dataSource());
    this.jobs = new JobTable(jdbc, clock);
    this.history = new RunHistory(jdbc);
    this.nodes = new NodeTable(jdbc);
    this.notifications = new NotificationTable(jdbc);
    this.queue = new RunQueue(jdbc);
  }

  /** Opens the store and brings its schema up to date. */
  public static Store open(CronbeatConfig config, Clock clock) {
    return open(config, clock, Database.Schema.MIGRATE);
  }

  /**
   * Where the embedded store of {@code config} would be, when it uses one and it does not exist:
   * a command that only reads must not create an empty store beside the node's.
   */
  public static Optional<Path> missingEmbedded(CronbeatConfig config) {
    if (config.store().url().isPresent()) {
      return Optional.empty();
    }
    Path dataDir = config.dataDir().toAbsolutePath().normalize();
    return Files.exists(dataDir.resolve("cronbeat.mv.db")) ? Optional.empty() : Optional.of(dataDir);
  }

  /** Opens the store; with {@link Database.Schema#CHECK}, as commands do, fails unless its schema is current. */
  public static Store open(CronbeatConfig config, Clock clock, Database.Schema schema) {
    return new Store(Database.open(config, schema), clock);
  }

  public JobTable jobs() {
    return jobs;
  }

  public RunHistory history() {
    return history;
  }

  public NodeTable nodes() {
    return nodes;
  }

  public NotificationTable notifications() {
    return notifications;
  }

  public RunQueue queue() {
    return queue;
  }

  public int schemaVersion() {
    return database.schemaVersion();
  }

  public String url() {
    return database.maskedUrl();
  }

  @Override
  public void close() {
    database.close();
  }
}
