package io.cronbeat.config;

import io.cronbeat.CronbeatException;
import io.cronbeat.text.Diagnostic;
import java.util.List;

/** The configuration cannot be used; every problem is listed with its position. */
public class ConfigException extends CronbeatException {

  private final List<Diagnostic> diagnostics;

  public ConfigException(List<Diagnostic> diagnostics) {
    super(diagnostics.size() + " problem" + (diagnostics.size() == 1 ? "" : "s") + " in the configuration", "");
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
