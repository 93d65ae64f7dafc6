package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationsTest {

  /** Commands check the schema against {@link Migrations#LATEST} without Flyway: a new migration must raise it. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mysql"})
  void theVersionCommandsExpectIsTheLastMigrationOfEveryDatabase(String database) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db", database))) {
      int last = files.map(file -> file.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .max().orElseThrow();
      assertThat(Migrations.LATEST).as("Migrations.LATEST, for db/%s", database).isEqualTo(last);
    }
  }
}
