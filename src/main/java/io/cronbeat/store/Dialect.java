package io.cronbeat.store;

import io.cronbeat.CronbeatException;

/** The databases cronbeat runs on; everything that differs between them is chosen here. */
public enum Dialect {
  H2("jdbc:h2:", "h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
  POSTGRESQL("jdbc:postgresql:", "postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
  MYSQL("jdbc:mariadb:", "mysql", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");

  private final String prefix;
  private final String migrations;
  private final String quartzDelegate;

  Dialect(String prefix, String migrations, String quartzDelegate) {
    this.prefix = prefix;
    this.migrations = migrations;
    this.quartzDelegate = quartzDelegate;
  }

  public static Dialect of(String url) {
    if (url.startsWith("jdbc:mysql:")) {
      return MYSQL; // served by the MariaDB driver, which accepts jdbc:mysql: URLs too
    }
    for (Dialect dialect : values()) {
      if (url.startsWith(dialect.prefix)) {
        return dialect;
      }
    }
    throw new CronbeatException("store.url '" + url + "' is not a database cronbeat supports",
        "use jdbc:postgresql://HOST/DB, jdbc:mariadb://HOST/DB (or jdbc:mysql://), or leave it out for the embedded H2 file");
  }

  /** Flyway location of this database's migrations. */
  String migrations() {
    return "classpath:db/" + migrations;
  }

  public String quartzDelegate() {
    return quartzDelegate;
  }
}
