package io.cronbeat.job;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A schedules directory that another user could change, made in a test's directory: git keeps
 * no modes or owners, so the fixture cannot live in the repository. Its diagnostics are in
 * {@code jobs/unsafe/schedules.expected}, with {@code DIR} for the test's directory.
 */
public final class UnsafeJobFiles {

  public static final Path EXPECTED = Path.of("src/test/resources/jobs/unsafe/schedules.expected");
  private static final String JOB = "jobs:\n  %s:\n    schedule: '@hourly'\n    command: 'true'\n";

  private UnsafeJobFiles() {}

  /** {@code DIR/schedules}: group-writable, with one safe file and three unsafe ones. Needs root for the owner. */
  public static Path create(Path dir) throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "!!! SKIPPED: giving a job file to another owner needs root (CI runs as root) !!!");
    Path schedules = Files.createDirectories(dir.resolve("schedules"));
    write(schedules.resolve("safe.yaml"), "safe", "rw-r--r--");
    write(schedules.resolve("group-writable.yaml"), "group", "rw-rw-r--");
    write(schedules.resolve("world-writable.yaml"), "world", "rw-rw-rw-");
    Path foreign = write(schedules.resolve("foreign.yaml"), "foreign", "rw-r--r--");
    Files.setOwner(foreign, foreign.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Files.setPosixFilePermissions(schedules, PosixFilePermissions.fromString("rwxrwxr-x"));
    return schedules;
  }

  /** The expected diagnostics for a schedules directory made by {@link #create} under {@code dir}. */
  public static String expected(Path dir) throws IOException {
    return Files.readString(EXPECTED).replace("DIR", dir.toString());
  }

  private static Path write(Path file, String job, String mode) throws IOException {
    Files.writeString(file, JOB.formatted(job));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }
}
