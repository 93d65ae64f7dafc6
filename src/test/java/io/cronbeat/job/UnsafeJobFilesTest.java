package io.cronbeat.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.text.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job files another user could change are refused, as cron refuses an unsafe crontab. */
class UnsafeJobFilesTest {

  @TempDir Path dir;

  @Test
  void filesAndDirectoriesOthersCouldChangeAreRefusedAndTheWholeSetIsInvalid() throws IOException {
    Path schedules = UnsafeJobFiles.create(dir);

    JobSet set = new JobLoader(ZoneOffset.UTC, InvalidJobFilesTest.NOW).load(List.of(schedules));

    assertThat(set.valid()).isFalse();
    assertThat(set.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n", "", "\n")))
        .isEqualTo(UnsafeJobFiles.expected(dir));
    assertThat(set.jobs()).extracting(JobDefinition::name).as("refused files are not even read").containsExactly("safe");
  }

  @Test
  void privateFilesOwnedByTheNodesUserOrRootAreAccepted() throws IOException {
    Path schedules = Files.createDirectories(dir.resolve("schedules"));
    Path file = Files.writeString(schedules.resolve("jobs.yaml"), "jobs:\n  ok:\n    command: 'true'\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(schedules, PosixFilePermissions.fromString("rwxr-xr-x"));

    JobSet set = new JobLoader(ZoneOffset.UTC, InvalidJobFilesTest.NOW, new FileSafety("alice")).load(List.of(schedules));

    assertThat(set.diagnostics()).as("owned by root, which is always trusted").isEmpty();
    assertThat(set.valid()).isTrue();
  }

  @Test
  void aFileOwnedByAnotherUserThanTheNodesIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("jobs.yaml"), "jobs:\n  ok:\n    command: 'true'\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    if (Files.getOwner(file).getName().equals("root")) {
      // Root-owned files are trusted (see above); as root, hand the file to an ordinary user.
      Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    }
    String owner = Files.getOwner(file).getName();

    JobSet set = new JobLoader(ZoneOffset.UTC, InvalidJobFilesTest.NOW, new FileSafety("alice")).load(List.of(file));

    assertThat(set.diagnostics()).extracting(Diagnostic::format).containsExactly(file + ":1:1: error: job file is owned by "
        + owner + ", not by the node's user alice or root: " + owner + " could make the node run anything; refused"
        + System.lineSeparator() + "  hint: chown alice " + file);
  }
}
