package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

  @TempDir Path dir;

  private final Launcher launcher = Launcher.find();

  @Test
  void programIsLookedUpInEveryPathEntryAndMustBeAnExecutableFile() throws Exception {
    Path notExecutable = Files.createDirectories(dir.resolve("a")).resolve("prog");
    Files.writeString(notExecutable, "#!/bin/sh\n");
    Files.createDirectories(dir.resolve("b/prog")); // a directory of that name
    Path executable = Files.createDirectories(dir.resolve("c")).resolve("prog");
    Files.writeString(executable, "#!/bin/sh\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    String before = dir.resolve("missing") + ":" + dir.resolve("a") + ":" + dir.resolve("b");

    assertThat(launcher.cannotRun(List.of("prog"), dir, Map.of("PATH", before + ":" + dir.resolve("c")))).isEmpty();
    assertThat(launcher.cannotRun(List.of("prog"), dir, Map.of("PATH", before)))
        .hasValue("Cannot run program \"prog\": no executable file found in PATH " + before);
    assertThat(launcher.cannotRun(List.of("c/prog"), dir, Map.of())).isEmpty();
    assertThat(launcher.cannotRun(List.of("a/prog"), dir, Map.of())).isPresent();
    assertThat(launcher.cannotRun(List.of("prog"), dir.resolve("missing"), Map.of())).isPresent();
  }
}
