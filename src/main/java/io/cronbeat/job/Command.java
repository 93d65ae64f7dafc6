package io.cronbeat.job;

import java.util.List;

/**
 * What a job runs: a string for {@code /bin/sh -c}, or an argument vector run without a shell.
 *
 * @param argv the program and its arguments as they will be executed
 * @param shell true when written as one string (and run through {@code /bin/sh -c})
 */
public record Command(List<String> argv, boolean shell) implements Work {

  public Command {
    argv = List.copyOf(argv);
  }

  public static Command shell(String script) {
    return new Command(List.of("/bin/sh", "-c", script), true);
  }

  public static Command argv(List<String> argv) {
    return new Command(argv, false);
  }

  /** As written in the job file: the script, or the arguments joined by spaces. */
  @Override
  public String display() {
    return shell ? argv.get(2) : String.join(" ", argv);
  }
}
