package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory is the node's OS user's alone: it holds the embedded database, its lock
 * file (the H2 server's port and key), the store secret and the attempt logs (jobs' output).
 * Everything is created with its final mode, never loosened and then fixed.
 */
final class PrivateFiles {

  private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} (mode 0700) with its {@code logs} directory, or makes existing ones private. */
  static void prepareDataDir(Path dir) {
    try {
      directory(dir);
      directory(dir.resolve("logs"));
    } catch (IOException e) {
      throw new CronbeatException("cannot create data directory " + dir + ": " + e.getMessage(),
          "set data-dir (or CRONBEAT_DATA) to a directory the node's user can write");
    }
  }

  private static void directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, attribute(DIRECTORY));
        return;
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: tighten below
      }
    }
    restrict(dir, DIRECTORY);
  }

  /** Takes group and others' rights away from an existing file or directory, and says so. */
  static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    restrict(path, mode, true);
  }

  private static void restrict(Path path, Set<PosixFilePermission> mode, boolean tell) throws IOException {
    if (!Files.exists(path) || !supportsPosix(path)) {
      return;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
    if (!now.equals(mode)) {
      Files.setPosixFilePermissions(path, mode);
      if (tell && now.stream().anyMatch(p -> !mode.contains(p))) {
        log.warn("{} was {}; made it {} (only the node's user may read the store and its logs)", path,
            PosixFilePermissions.toString(now), PosixFilePermissions.toString(mode));
      }
    }
  }

  /**
   * Makes each existing file private, quietly: these are files a library creates with the
   * umask's mode, inside the private data directory, so nobody else could read them anyway.
   */
  static void restrictFiles(Path dir, String... names) {
    for (String name : names) {
      try {
        restrict(dir.resolve(name), FILE, false);
      } catch (IOException e) {
        throw new CronbeatException("cannot make " + dir.resolve(name) + " private: " + e.getMessage(),
            "the node's user must own the data directory and the files in it");
      }
    }
  }

  static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
    return PosixFilePermissions.asFileAttribute(mode);
  }

  static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
