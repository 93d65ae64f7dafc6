package io.cronbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Writes benchmark jobs as an operator would: YAML job files of at most 500 jobs each. */
final class JobFiles {

  private static final int PER_FILE = 500;

  private JobFiles() {}

  /**
   * {@code count} jobs named {@code prefix00001...}, each with {@code schedule} and
   * {@code command: ["true"]}, overlap allowed (so a late run never turns a firing into a
   * SKIPPED one), in files {@code prefix-N.yaml}; replaces that prefix's files.
   */
  static void write(Path dir, String prefix, int count, String schedule) throws IOException {
    try (var old = Files.list(dir)) {
      for (Path file : old.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.delete(file);
      }
    }
    for (int first = 0; first < count; first += PER_FILE) {
      StringBuilder yaml = new StringBuilder("jobs:\n");
      for (int i = first; i < Math.min(count, first + PER_FILE); i++) {
        yaml.append(String.format("  %s%05d:%n    schedule: \"%s\"%n    command: [\"true\"]%n    overlap: allow%n",
            prefix, i, schedule));
      }
      // Written aside and moved in, so that a watching node never reads half a file.
      Path part = dir.resolve("." + prefix + first + ".part");
      Files.writeString(part, yaml);
      Files.move(part, dir.resolve(prefix + first / PER_FILE + ".yaml"));
    }
  }

  /** A 6-field (Quartz-form) cron that fires once a day, at {@code at}'s second, in UTC. */
  static String dailyAtSecond(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " * * ?";
  }

  /** A daily 5-field cron at a minute about twelve hours from now: nothing fires while measured. */
  static String dailyFarFromNow() {
    ZonedDateTime t = Instant.now().plusSeconds(12 * 3600).atZone(ZoneOffset.UTC);
    return t.getMinute() + " " + t.getHour() + " * * *";
  }
}
