package io.cronbeat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the command line, with its exit code and both streams. */
public record CliRun(int exitCode, String out, String err) {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  static CliRun of(Map<String, String> env, String... args) {
    return of(NOW, env, args);
  }

  public static CliRun of(Clock clock, Map<String, String> env, String... args) {
    CommandLine cli = Cli.create(new CliContext(clock, env));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun of(String... args) {
    return of(Map.of("CRONBEAT_TIMEZONE", "UTC"), args);
  }
}
