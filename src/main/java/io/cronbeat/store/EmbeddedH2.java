package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.h2.engine.SysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps the embedded H2 store private to the node's OS user. H2's automatic mixed mode
 * (AUTO_SERVER) lets commands use the file while a node has it open: the first process serves
 * it over TCP. That server listens on loopback only ({@code h2.bindAddress}, set by {@code Main}
 * before any H2 class loads), and its user {@code sa} has the password in {@code DATA/secret}.
 */
final class EmbeddedH2 {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);
  static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";
  static final String LOOPBACK = "127.0.0.1";
  static final String USER = "sa";
  /** H2's error code for a wrong user name or password. */
  private static final int WRONG_USER_OR_PASSWORD = 28000;

  private EmbeddedH2() {}

  /** Credentials as configured; for an H2 store with none configured, {@code sa} and the data dir's secret. */
  static Credentials credentials(CronbeatConfig config, Dialect dialect) {
    CronbeatConfig.Store store = config.store();
    if (dialect == Dialect.H2 && store.user().isEmpty() && store.password().isEmpty()) {
      return new Credentials(USER, StoreSecret.of(config.dataDir()), true);
    }
    return new Credentials(store.user(), store.password(), false);
  }

  /** The user and password a store is opened with; {@code secret}: generated, from {@code DATA/secret}. */
  record Credentials(String user, String password, boolean secret) {

    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }
  }

  /**
   * Refuses to serve the store beyond loopback. H2 reads {@code h2.bindAddress} once, when its
   * {@code SysProperties} class loads: setting it here is a fallback for embedders; reading the
   * value H2 actually holds is the guarantee.
   */
  static void requireLoopbackServer(String url) {
    if (!url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
      return;
    }
    if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
      System.setProperty(BIND_ADDRESS_PROPERTY, LOOPBACK);
    }
    String bound = SysProperties.BIND_ADDRESS;
    if (!isLoopback(bound)) {
      throw new CronbeatException("the embedded store's server would listen on "
          + (bound == null || bound.isEmpty() ? "all interfaces" : bound) + ", not only on loopback",
          "start cronbeat with bin/scheduler or java -jar cronbeat.jar (they set -Dh2.bindAddress=127.0.0.1),"
              + " or pass that option to the JVM yourself");
    }
  }

  private static boolean isLoopback(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * A first connection with the store's credentials; the caller keeps it open while the pool
   * starts, so the file is opened once. A store made by an older cronbeat (user {@code sa},
   * no password) is upgraded in place: {@code sa} gets the secret as its password.
   */
  static Connection connect(String url, Credentials credentials) {
    try {
      return DriverManager.getConnection(url, credentials.user(), credentials.password());
    } catch (SQLException e) {
      if (credentials.secret() && e.getErrorCode() == WRONG_USER_OR_PASSWORD) {
        return upgrade(url, credentials, e);
      }
      throw new StoreException("cannot open the embedded store " + CronbeatConfig.masked(url) + ": " + firstLine(e), e);
    }
  }

  private static Connection upgrade(String url, Credentials credentials, SQLException refused) {
    try (Connection old = DriverManager.getConnection(url, USER, ""); Statement statement = old.createStatement()) {
      // The secret is base64url: no quote can end the literal.
      statement.execute("ALTER USER " + USER + " SET PASSWORD '" + credentials.password() + "'");
      log.warn("the embedded store was made by an older cronbeat with an empty password; user {} now has the password"
          + " in the data directory's secret file", USER);
    } catch (SQLException stillRefused) {
      throw new CronbeatException("cannot open the embedded store " + CronbeatConfig.masked(url)
          + ": the password in the data directory's secret file is not the store's",
          "restore the secret file that came with this store, or move the store's files away to start a new one");
    }
    try {
      return DriverManager.getConnection(url, credentials.user(), credentials.password());
    } catch (SQLException e) {
      throw new StoreException("cannot open the embedded store " + CronbeatConfig.masked(url) + ": " + firstLine(e), e);
    }
  }

  /** The H2 files of the default store; H2 creates them with the umask's mode. */
  static void restrictFiles(Path dataDir) {
    PrivateFiles.restrictFiles(dataDir, "cronbeat.mv.db", "cronbeat.lock.db", "cronbeat.trace.db");
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }
}
