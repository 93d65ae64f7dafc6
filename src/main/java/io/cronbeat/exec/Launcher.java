package io.cronbeat.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a command as the leader of a new session and process group, through {@code setsid}.
 * The JVM's child is not a group leader, so setsid calls setsid(2) and execs the command in the
 * same process: pid == sid == pgid, and the argv reaches the program unchanged.
 */
final class Launcher {

  private static final Logger log = LoggerFactory.getLogger(Launcher.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Optional<Path> setsid;

  private Launcher(Optional<Path> setsid) {
    this.setsid = setsid;
  }

  /** Looks for setsid once; without it (not Linux) commands run in the node's own process group. */
  static Launcher find() {
    if (Files.isExecutable(SETSID)) {
      return new Launcher(Optional.of(SETSID));
    }
    log.warn("setsid={} not found: jobs run in the node's process group, so stopping one reaches only the "
        + "processes it started that are still its descendants", SETSID);
    return new Launcher(Optional.empty());
  }

  /** The argv to start: setsid's options end at "--", so a command starting with '-' is not taken for one. */
  List<String> argv(List<String> command) {
    if (setsid.isEmpty()) {
      return command;
    }
    List<String> argv = new ArrayList<>(command.size() + 2);
    argv.add(setsid.get().toString());
    argv.add("--");
    argv.addAll(command);
    return argv;
  }

  /**
   * Why the program cannot be run, if it plainly cannot. Through setsid a missing program would
   * only show as setsid's exit 1; checking first keeps "cannot start" apart from a failure.
   */
  Optional<String> cannotRun(List<String> command, Path workdir, Map<String, String> env) {
    if (setsid.isEmpty() || command.isEmpty()) {
      return Optional.empty();
    }
    String program = command.get(0);
    if (!workdir.toFile().isDirectory()) {
      return Optional.of("Cannot run program \"" + program + "\" (in directory \"" + workdir + "\"): no such directory");
    }
    if (program.contains("/")) {
      return executable(workdir.resolve(program)) ? Optional.empty() : Optional.of(notFound(program));
    }
    // setsid looks the program up with execvp, in the PATH of the environment it is given.
    String path = env.getOrDefault("PATH", "/bin:/usr/bin");
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (executable(workdir.resolve(dir.isEmpty() ? "." : dir).resolve(program))) {
        return Optional.empty();
      }
    }
    return Optional.of(notFound(program) + " in PATH " + path);
  }

  /**
   * java.io.File, not Files: for a file that is not there (every PATH entry before the program's)
   * Files.isRegularFile throws and catches an exception inside, costing more than the stat itself.
   */
  private static boolean executable(Path file) {
    File candidate = file.toFile();
    return candidate.isFile() && candidate.canExecute();
  }

  private static String notFound(String program) {
    return "Cannot run program \"" + program + "\": no executable file found";
  }
}
