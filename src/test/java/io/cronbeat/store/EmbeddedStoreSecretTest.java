package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store opens with the data directory's secret, and only with it. */
class EmbeddedStoreSecretTest {

  @TempDir Path dir;

  private CronbeatConfig config() {
    return new ConfigLoader(Map.of("CRONBEAT_DATA", dir.resolve("data").toString()), ZoneOffset.UTC).load(null);
  }

  @Test
  void aNewStoreGetsAPrivateSecretThatOnlyItOpensWith() throws Exception {
    CronbeatConfig config = config();
    try (Database database = Database.open(config)) {
      assertThat(database.dialect()).isEqualTo(Dialect.H2);
    }
    Path secret = dir.resolve("data/secret");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    assertThatThrownBy(() -> DriverManager.getConnection(config.storeUrl(), "sa", "").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
    try (Connection connection = DriverManager.getConnection(config.storeUrl(), "sa", Files.readString(secret).strip())) {
      assertThat(connection.isValid(1)).isTrue();
    }
    String before = Files.readString(secret);
    Database.open(config).close();
    assertThat(Files.readString(secret)).as("made once, kept").isEqualTo(before);
  }

  @Test
  void aStoreOfAnOlderCronbeatWithAnEmptyPasswordIsUpgradedInPlace() throws Exception {
    CronbeatConfig config = config();
    // What older versions did: user sa, empty password.
    CronbeatConfig older = new ConfigLoader(Map.of("CRONBEAT_DATA", dir.resolve("data").toString(),
        "CRONBEAT_STORE_USER", "sa"), ZoneOffset.UTC).load(null);
    try (Database old = Database.open(older); Connection connection = old.dataSource().getConnection()) {
      connection.createStatement().execute("INSERT INTO cb_locks (name) VALUES ('kept')");
    }

    try (Database database = Database.open(config); Connection connection = database.dataSource().getConnection()) {
      assertThat(connection.createStatement().executeQuery("SELECT name FROM cb_locks WHERE name = 'kept'").next())
          .as("the same store, its data kept").isTrue();
    }

    assertThatThrownBy(() -> DriverManager.getConnection(config.storeUrl(), "sa", "").close())
        .hasMessageContaining("Wrong user name or password");
  }

  @Test
  void anExistingDataDirectoryOthersCouldReadIsMadePrivate() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    Database.open(config()).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("logs")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("cronbeat.mv.db"))))
        .isEqualTo("rw-------");
  }
}
