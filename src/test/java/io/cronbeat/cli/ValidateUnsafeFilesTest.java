package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.UnsafeJobFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateUnsafeFilesTest {

  @TempDir Path dir;

  @Test
  void validateRefusesJobFilesOthersCouldChangeWithAHintAndExitsTwo() throws Exception {
    Path schedules = UnsafeJobFiles.create(dir);

    CliRun run = CliRun.of(Map.of("CRONBEAT_TIMEZONE", "UTC", "CRONBEAT_SCHEDULES", schedules.toString()), "validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(UnsafeJobFiles.expected(dir) + "4 errors in 4 files\n");
  }
}
