package io.cronbeat.job;

import java.util.Optional;

/**
 * A syntax check of a string {@code command} by the shell that will run it. Validation of
 * job files asks it; a node loading its jobs does not (one process per job on every reload).
 */
public interface ShellCheck {

  /** No check. */
  ShellCheck NONE = script -> Optional.empty();

  /** The shell's complaint about {@code script}, in one line, or empty when it reads it. */
  Optional<String> problem(String script);
}
