package io.cronbeat.job;

import io.cronbeat.yaml.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Job files say what the node runs, as the node's OS user. Like cron with an unsafe crontab,
 * cronbeat refuses a job file or schedules directory that another user could change: one
 * writable by group or others, or owned by someone other than the node's user or root.
 */
final class FileSafety {

  private final String self;

  /** @param self the OS user the node runs as */
  FileSafety(String self) {
    this.self = self;
  }

  static FileSafety ofThisProcess() {
    return new FileSafety(System.getProperty("user.name"));
  }

  /** Adds a diagnostic for each way {@code path} is unsafe; true when it is safe. */
  boolean check(Path path, Diagnostics diagnostics) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return true;
    }
    boolean directory = Files.isDirectory(path);
    String what = directory ? "directory of job files" : "job file";
    String shown = path.toString();
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      String owner = Files.getOwner(path).getName();
      int before = diagnostics.all().size();
      List<String> writers = new ArrayList<>();
      if (mode.contains(PosixFilePermission.GROUP_WRITE)) {
        writers.add("group");
      }
      if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        writers.add("others");
      }
      if (!writers.isEmpty()) {
        diagnostics.add(shown, 1, 1, what + " is writable by " + String.join(" and ", writers) + " ("
            + PosixFilePermissions.toString(mode) + "): another user could make the node run anything; refused",
            "chmod go-w " + shown);
      }
      if (!owner.equals(self) && !owner.equals("root")) {
        diagnostics.add(shown, 1, 1, what + " is owned by " + owner + ", not by the node's user " + self
            + (self.equals("root") ? "" : " or root") + ": " + owner + " could make the node run anything; refused",
            "chown " + self + " " + shown);
      }
      return diagnostics.all().size() == before;
    } catch (IOException e) {
      diagnostics.add(shown, 1, 1, "cannot read the owner and mode of this " + what + ": " + e.getMessage(),
          "check its permissions");
      return false;
    }
  }
}
